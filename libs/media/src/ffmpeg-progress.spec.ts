import { FfmpegProgressParser, parseClock } from './ffmpeg-progress.js';

const block = (us: number | string, end = false) => `frame=1\nout_time_us=${us}\nout_time_ms=${us}\nout_time=${us === 'N/A' ? 'N/A' : '00:00:00.000000'}\nspeed=1x\nprogress=${end ? 'end' : 'continue'}\n`;

describe('FfmpegProgressParser', () => {
  function parser(duration: number | null, interval = 0) {
    const seen: number[] = [];
    let now = 0;
    const p = new FfmpegProgressParser(duration, (v) => seen.push(v), interval, () => now);
    return { p, seen, tick: (ms: number) => (now += ms) };
  }

  it('reports out_time as a share of the duration, monotonic and below 100 until complete', () => {
    const { p, seen } = parser(10);
    p.push(block('N/A') + block(1_000_000) + block(500_000));
    p.push(block(5_000_000).slice(0, 20));
    p.push(block(5_000_000).slice(20) + block(12_000_000, true));
    expect(seen).toEqual([10, 50, 99.9]);
    p.complete();
    expect(seen).toEqual([10, 50, 99.9, 100]);
  });

  it('throttles reports', () => {
    const { p, seen, tick } = parser(100, 250);
    p.push(block(1_000_000));
    tick(100);
    p.push(block(2_000_000));
    tick(200);
    p.push(block(3_000_000));
    p.complete();
    expect(seen).toEqual([1, 3, 100]);
  });

  it('falls back to out_time and ignores negative times', () => {
    const { p, seen } = parser(4);
    p.push('out_time=-577014:32:22.775808\nprogress=continue\nout_time=00:00:01.000000\nprogress=continue\n');
    expect(seen).toEqual([0, 25]);
  });

  it('reports only completion without a duration', () => {
    const { p, seen } = parser(null);
    p.push(block(1_000_000));
    p.complete();
    expect(seen).toEqual([100]);
  });

  it('parses clocks', () => {
    expect(parseClock('01:02:03.500000')).toBe(3723.5);
    expect(parseClock('N/A')).toBeNaN();
  });
});
