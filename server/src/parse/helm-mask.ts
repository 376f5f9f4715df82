/**
 * Helm and other Go-template directives (`{{ ... }}`) are not YAML. Rather than
 * render them, we mask them with text of the same length so that every offset
 * still points into the user's file: a line holding only directives becomes
 * blank (control flow such as `{{- if }}` or an `include` that emits a block),
 * and an inline directive becomes a run of `_`, a plain scalar the rules treat
 * as unknown because the original text at its range holds `{{`.
 */
export function maskTemplates(text: string): string {
  if (!text.includes('{{')) return text;
  const out = text.split('');
  let i = text.indexOf('{{');
  const spans: Array<[number, number]> = [];
  while (i !== -1) {
    const close = text.indexOf('}}', i + 2);
    const end = close === -1 ? lineEndAt(text, i) : close + 2;
    spans.push([i, end]);
    i = text.indexOf('{{', end);
  }
  for (const [start, end] of spans) {
    for (let k = start; k < end; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = '_';
  }
  // Lines left with nothing but masked directives and spaces carried only template logic.
  let lineStart = 0;
  while (lineStart <= out.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let onlyMask = false;
    let blank = true;
    for (let k = lineStart; k < lineEnd; k++) {
      const c = out[k];
      if (c === ' ' || c === '\t' || c === '\r') continue;
      blank = false;
      if (c === '_' && insideSpan(spans, k)) onlyMask = true;
      else {
        onlyMask = false;
        break;
      }
    }
    if (!blank && onlyMask) for (let k = lineStart; k < lineEnd; k++) if (out[k] !== '\r') out[k] = ' ';
    lineStart = lineEnd + 1;
  }
  return out.join('');
}

function lineEndAt(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl;
}

function insideSpan(spans: ReadonlyArray<[number, number]>, offset: number): boolean {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = spans[mid];
    if (!span) return false;
    const [start, end] = span;
    if (offset < start) high = mid - 1;
    else if (offset >= end) low = mid + 1;
    else return true;
  }
  return false;
}
