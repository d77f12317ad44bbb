import { contentDisposition } from '@spool/storage';
import { displayFilename } from './display-filename.js';

describe('displayFilename', () => {
  it.each([
    ['clip.mp4', 'clip.mp4'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\video.mov', 'video.mov'],
    ['..', null],
    ['dir/', null],
    ['a\u0000b\nc.mp4', 'abc.mp4'],
    [undefined, null],
  ])('%j → %j', (raw, expected) => {
    expect(displayFilename(raw)).toBe(expected);
  });

  it('keeps non-ASCII names in the RFC 8187 parameter', () => {
    expect(contentDisposition('café "x".mp4')).toBe(`attachment; filename="caf_ _x_.mp4"; filename*=UTF-8''caf%C3%A9%20%22x%22.mp4`);
  });
});
