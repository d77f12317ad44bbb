import type { JobEventView } from '@spool/contracts';
import type { Response } from 'express';
import type { Problem } from '../problem/problem.js';

/** A client that lets this much pile up unread is dropped; it reconnects with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** A Server-Sent Events response, written by hand. */
export class SseStream {
  private keepAlive?: NodeJS.Timeout;
  private closed = false;
  private readonly closeHandlers: Array<() => void> = [];

  constructor(
    private readonly res: Response,
    private readonly keepAliveMs: number,
  ) {
    // `close` on the response fires both when we end it and when the client goes away.
    res.on('close', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  open(): void {
    this.res.status(200);
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    this.res.setHeader('Cache-Control', 'no-cache');
    this.res.setHeader('Connection', 'keep-alive');
    this.res.setHeader('X-Accel-Buffering', 'no');
    this.res.flushHeaders();
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), this.keepAliveMs);
  }

  send(event: JobEventView): void {
    this.write(`id: ${event.id}\nevent: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`);
  }

  /** Ends the stream with an `error` event carrying the problem. */
  fail(problem: Problem): void {
    this.write(`event: error\ndata: ${JSON.stringify(problem)}\n\n`);
    this.close();
  }

  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    if (!this.res.writableEnded) this.res.end();
    for (const handler of this.closeHandlers) handler();
  }

  private write(chunk: string): void {
    if (this.closed) return;
    if (this.res.writableLength > MAX_BUFFERED_BYTES) {
      this.close();
      return;
    }
    this.res.write(chunk);
  }
}
