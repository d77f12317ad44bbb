/**
 * Keeps only the end of a text stream (a tool's stderr), so a chatty or
 * long-running process cannot grow memory.
 */
export class TailBuffer {
  private text = '';

  constructor(
    private readonly maxChars = 4096,
    private readonly maxLines = 20,
  ) {}

  push(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.maxChars * 2) this.text = this.text.slice(-this.maxChars);
  }

  toString(): string {
    const lines = this.text.slice(-this.maxChars).split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.slice(-this.maxLines).join('\n');
  }
}
