import { HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import { ErrorCode } from '@spool/contracts';
import { contentDisposition, ObjectNotFoundError, RangeNotSatisfiableError, type ObjectStorage } from '@spool/storage';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { parseRange } from './http-range.js';

export interface ServedObject {
  key: string;
  size: number;
  contentType: string;
  filename: string | null;
  /** A strong validator when known (the sha256). */
  etag?: string;
}

/** Streams a stored object, or the one byte range asked for, with the headers a player or `curl -C -` expects. */
export async function sendObject(storage: ObjectStorage, object: ServedObject, req: Request, res: Response): Promise<void> {
  const range = parseRange(req.headers.range, object.size);
  if (range === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${object.size}`);
    throw new HttpException(
      { code: ErrorCode.RANGE_NOT_SATISFIABLE, title: 'Range not satisfiable', detail: `The object has ${object.size} bytes` },
      HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
    );
  }
  const body = await storage.get(object.key, range ?? undefined).catch((err: unknown) => {
    // The object went away (a delete raced this download) or shrank under the range.
    if (err instanceof ObjectNotFoundError) {
      throw new NotFoundException({ code: ErrorCode.ASSET_NOT_FOUND, title: 'Asset not found', detail: 'Its content was deleted' });
    }
    if (err instanceof RangeNotSatisfiableError) {
      throw new HttpException({ code: ErrorCode.RANGE_NOT_SATISFIABLE, title: 'Range not satisfiable' }, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
    }
    throw err;
  });
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Type', object.contentType);
  res.setHeader('Content-Disposition', object.filename ? contentDisposition(object.filename) : 'attachment');
  res.setHeader('Cache-Control', 'private, max-age=0');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (object.etag) res.setHeader('ETag', `"${object.etag}"`);
  if (range) {
    res.status(HttpStatus.PARTIAL_CONTENT);
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${object.size}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.status(HttpStatus.OK);
    res.setHeader('Content-Length', String(object.size));
  }
  if (req.method === 'HEAD') {
    body.destroy();
    res.end();
    return;
  }
  await pipeline(body, res).catch((err: NodeJS.ErrnoException) => {
    // The client went away mid-download: nothing to answer.
    if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
  });
}
