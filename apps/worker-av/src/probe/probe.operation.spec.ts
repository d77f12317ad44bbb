import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ffmpeg, makeVideo, removeDir, tempDir } from '../testing/av-fixtures.js';
import { probeSource } from './probe.operation.js';

describe('video.probe operation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    await makeVideo(join(dir, 'in.mp4'), { seconds: 1 });
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1:sample_rate=44100', '-c:a', 'flac'], join(dir, 'tone.flac'));
  });
  afterAll(() => removeDir(dir));

  it('describes a video: container, duration, streams', async () => {
    const probe = await probeSource(join(dir, 'in.mp4'));
    expect(probe.format).toContain('mp4');
    expect(probe.durationSeconds).toBeCloseTo(1, 0);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 320, height: 240 });
    expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 48000 });
  });

  it('works on audio', async () => {
    const probe = await probeSource(join(dir, 'tone.flac'));
    expect(probe.video).toBeNull();
    expect(probe.audio).toMatchObject({ codec: 'flac', sampleRate: 44100 });
  });

  it('refuses a file that is not media, for good', async () => {
    await writeFile(join(dir, 'notes.txt'), 'hello, this is not a video\n'.repeat(50));
    await expect(probeSource(join(dir, 'notes.txt'))).rejects.toMatchObject({ code: 'MEDIA_UNDECODABLE', retryable: false });
  });
});
