import { readFileSync } from 'node:fs';

/** A file as read from disk: its text (without a byte order mark) and the bytes it came from. */
export interface SourceText {
  readonly text: string;
  readonly bytes: Buffer;
  /** Whether the file starts with a UTF-8 byte order mark, which a write must put back. */
  readonly bom: boolean;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Reads a file as UTF-8 text, or says in a few words why it cannot be read. */
export function readSource(path: string): SourceText | { readonly problem: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { problem: fsProblem(error) };
  }
  try {
    // The decoder drops a leading BOM: offsets and columns then match what editors show.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text, bytes, bom: bytes.subarray(0, 3).equals(UTF8_BOM) };
  } catch {
    return { problem: 'not UTF-8 text' };
  }
}

/** The bytes to write for `text` in the file's encoding. */
export function encodeSource(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([UTF8_BOM, body]) : body;
}

/** A short reason for a failed file operation (`permission denied`), without a stack or errno prefix. */
export function fsProblem(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === 'EISDIR') return 'is a directory';
  const message = error instanceof Error ? error.message : String(error);
  return /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
}
