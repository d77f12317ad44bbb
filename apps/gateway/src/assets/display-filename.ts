/**
 * A file name as the client gave it, kept for display and downloads only:
 * the last path segment, without control characters, at most 255 characters.
 * Storage keys never derive from it.
 */
export function displayFilename(raw: string | undefined): string | null {
  if (!raw) return null;
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? null : clean;
}
