import type { Instruction } from 'dockerfile-ast';
import type { OffsetRange } from '../types';
import type { LineIndex } from './line-index';

/**
 * Text as Docker reads it, with the file offset of every UTF-16 unit, so that a
 * position in the value (where to insert `exec `) maps back into the file.
 */
export interface MappedText {
  readonly value: string;
  /** `offsets[i]` is the file offset of `value[i]`; `offsets[value.length]` is the end. */
  readonly offsets: readonly number[];
  /** What the text covers in the file (a JSON string includes its quotes). */
  readonly range: OffsetRange;
}

/** An instruction's arguments as one logical line: line continuations joined, comment lines dropped. */
export interface InstructionArguments extends MappedText {
  /** Comment or blank lines sat inside the continuation: rewriting the arguments would drop them. */
  readonly interleavedLines: boolean;
}

/**
 * Reads an instruction's arguments the way BuildKit does before parsing them:
 * a line ending in the escape character (`\`, or `` ` `` after `# escape=`), optionally
 * followed by blanks, continues on the next line; comment and blank lines inside a
 * continuation are skipped. Undefined when the instruction has no arguments.
 */
export function instructionArguments(instruction: Instruction, text: string, lines: LineIndex, escapeChar: string): InstructionArguments | undefined {
  const argsRange = instruction.getArgumentsRange();
  if (!argsRange) return undefined;
  const start = lines.offsetAt(argsRange.start);
  const end = lines.offsetAt(instruction.getRange().end);
  let value = '';
  const offsets: number[] = [];
  let interleavedLines = false;
  let first = true;
  for (let i = start; i < end;) {
    const newline = text.indexOf('\n', i);
    const lineEnd = newline === -1 || newline > end ? end : newline;
    const contentEnd = lineEnd > i && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const line = text.slice(i, contentEnd);
    if (!first && /^[ \t]*(?:#|$)/.test(line)) {
      interleavedLines = true;
      i = lineEnd + 1;
      continue;
    }
    first = false;
    const continuation = new RegExp(`${escapeRegExp(escapeChar)}[ \\t]*$`).exec(line);
    const keepEnd = continuation ? i + continuation.index : contentEnd;
    for (let j = i; j < keepEnd; j++) {
      value += text[j];
      offsets.push(j);
    }
    if (!continuation) break;
    i = lineEnd + 1;
  }
  const trimmed = value.replace(/[ \t]+$/, '');
  const kept = offsets.slice(0, trimmed.length);
  const last = kept[kept.length - 1];
  const valueEnd = last === undefined ? start : last + 1;
  kept.push(valueEnd);
  return { value: trimmed, offsets: kept, range: { start, end: valueEnd }, interleavedLines };
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/**
 * How Docker reads the arguments of `CMD`, `ENTRYPOINT`, `SHELL`, `COPY`: a JSON
 * array of strings is the exec (JSON) form; text that is not valid JSON
 * (`CMD [python, app.py]`) is the shell form; a valid JSON array holding
 * something other than strings is a build error.
 */
export type JsonArguments = { readonly kind: 'json'; readonly strings: readonly MappedText[] } | { readonly kind: 'not-json' } | { readonly kind: 'invalid' };

const JSON_SPACE = /[ \t\n\r]/;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The file offset of `text.value[i]` (of its end past the last character). */
function fileOffset(text: MappedText, i: number): number {
  return text.offsets[i] ?? text.range.end;
}

/** Reads `args` as a JSON array of strings, keeping the file offset of every character of every string. */
export function parseJsonArguments(args: MappedText): JsonArguments {
  const text = args.value;
  const strings: MappedText[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && JSON_SPACE.test(text.charAt(i))) i++;
  };
  const fail = (): JsonArguments => (text.trimStart().startsWith('[') && isJsonArray(text) ? { kind: 'invalid' } : { kind: 'not-json' });
  skipSpace();
  if (text[i] !== '[') return { kind: 'not-json' };
  i++;
  skipSpace();
  if (text[i] === ']') i++;
  else {
    for (;;) {
      skipSpace();
      if (text[i] !== '"') return fail();
      const quote = i++;
      let value = '';
      const offsets: number[] = [];
      for (;;) {
        const c = text[i];
        if (c === undefined || c < ' ') return fail();
        if (c === '"') break;
        offsets.push(fileOffset(args, i));
        if (c !== '\\') {
          value += c;
          i++;
          continue;
        }
        const e = text[i + 1] ?? '';
        if (e in SIMPLE_ESCAPES) {
          value += SIMPLE_ESCAPES[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          return fail();
        }
      }
      offsets.push(fileOffset(args, i));
      i++;
      strings.push({ value, offsets, range: { start: fileOffset(args, quote), end: fileOffset(args, i - 1) + 1 } });
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        break;
      }
      return fail();
    }
  }
  skipSpace();
  return i === text.length ? { kind: 'json', strings } : fail();
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}
