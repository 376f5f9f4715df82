import { isAscii, isUtf8 } from 'node:buffer';
import { openSync, closeSync, fstatSync, readFileSync } from 'node:fs';
import { MAX_FILE_CHARS, tooLarge } from '../analyzer';

/**
 * A file as read from disk: its text (without a byte order mark). Its bytes are not kept: valid
 * UTF-8 decodes one way only, so `encodeSource(text, bom)` gives them back exactly.
 */
export interface SourceText {
  readonly text: string;
  /** Whether the file starts with a UTF-8 byte order mark, which a write must put back. */
  readonly bom: boolean;
}

/** Why a file could not be read, in a few words: a file problem for the CLI, a file left out for the server. */
export interface SourceProblem {
  readonly problem: string;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Reads a file as UTF-8 text, or says why it cannot be read: missing, unreadable,
 * larger than the analysis takes (checked before reading it), or not UTF-8.
 * The one reader of workspace files for the CLI and the server alike.
 */
export function readSource(path: string): SourceText | SourceProblem {
  let text: string;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    // UTF-8 takes at least one byte per UTF-16 unit: a file this large is too large as text too.
    const size = fstatSync(fd).size;
    if (size > MAX_FILE_CHARS) return { problem: tooLarge(size) };
    // Node decodes straight from the file (no Buffer to allocate, collect and decode again): reading a large
    // tree this way costs about half as much. Malformed UTF-8 comes out as U+FFFD, so only a text holding
    // one is checked again as bytes (a text that really holds U+FFFD is valid and decodes the same).
    text = readFileSync(fd, 'utf8');
    if (text.includes('\uFFFD')) return decodeSource(readFileSync(path));
  } catch (error) {
    return { problem: fsProblem(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  // Offsets and columns match what editors show without the BOM.
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), bom: true } : { text, bom: false };
}

/** Decodes bytes read from a file or a stream: UTF-8 only, a leading byte order mark dropped but remembered. */
export function decodeSource(bytes: Buffer): SourceText | SourceProblem {
  // ASCII (most manifests) is one byte per character: latin1 is the cheapest exact decoding of it.
  if (isAscii(bytes)) return { text: bytes.toString('latin1'), bom: false };
  if (!isUtf8(bytes)) return { problem: 'not UTF-8 text' };
  // Offsets and columns match what editors show without the BOM.
  const bom = bytes.subarray(0, 3).equals(UTF8_BOM);
  return { text: (bom ? bytes.subarray(3) : bytes).toString('utf8'), bom };
}

/** The text of a file, or undefined when {@link readSource} cannot read it. */
export function readSourceText(path: string): string | undefined {
  const source = readSource(path);
  return 'problem' in source ? undefined : source.text;
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
