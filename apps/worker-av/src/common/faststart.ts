import { open } from 'node:fs/promises';
import { outputMismatch } from './errors.js';

export interface Atom {
  type: string;
  offset: number;
  size: number;
}

/**
 * The top-level atoms (boxes) of an ISO-BMFF file (MP4/MOV), in file order.
 * Reads 16 bytes per atom, never the payloads. Stops at the first malformed
 * header.
 */
export async function topLevelAtoms(path: string): Promise<Atom[]> {
  const file = await open(path, 'r');
  try {
    const { size: fileSize } = await file.stat();
    const header = Buffer.alloc(16);
    const atoms: Atom[] = [];
    let offset = 0;
    while (offset + 8 <= fileSize) {
      const { bytesRead } = await file.read(header, 0, 16, offset);
      if (bytesRead < 8) break;
      let size = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      let headerSize = 8;
      if (size === 1) {
        if (bytesRead < 16) break;
        size = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (size === 0) {
        size = fileSize - offset; // runs to the end of the file
      }
      if (size < headerSize || !/^[\x20-\x7e]{4}$/.test(type)) break;
      atoms.push({ type, offset, size });
      offset += size;
    }
    return atoms;
  } finally {
    await file.close();
  }
}

/** True when the `moov` atom comes before the first `mdat` (the file plays while it downloads). */
export async function isFaststart(path: string): Promise<boolean> {
  const types = (await topLevelAtoms(path)).map((a) => a.type);
  const moov = types.indexOf('moov');
  const mdat = types.indexOf('mdat');
  return moov >= 0 && (mdat < 0 || moov < mdat);
}

export async function expectFaststart(path: string, what = 'output'): Promise<void> {
  if (!(await isFaststart(path))) throw outputMismatch(`the ${what} is not faststart (moov does not precede mdat)`);
}
