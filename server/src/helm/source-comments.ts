import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DocumentOriginMapper, StreamDocument } from '../cli/stdin-input';
import { originsFromText } from './source-map';
import { templateAnatomy } from './template-lines';

/**
 * Maps the documents of `helm template` output read from a stream to their templates through the
 * `# Source: CHART/templates/x.yaml` comment helm writes above each: the template is looked up
 * relative to `cwd` (as written, or without the chart's name when run inside the chart), and each
 * line maps to the template line with the same text when exactly one has it, else to the
 * object's first line there (the same mapping as rendering with markers falls back to).
 */
export function helmSourceOrigins(cwd: string, readText: (path: string) => string | undefined = readIfFile): DocumentOriginMapper {
  return (documents) => documents.map((document) => originOf(document, cwd, readText));
}

function originOf(document: StreamDocument, cwd: string, readText: (path: string) => string | undefined) {
  const source = /^# Source: (.+?)\r?$/m.exec(document.text)?.[1];
  if (source === undefined) return undefined;
  const candidates = [source, source.split('/').slice(1).join('/')].filter((p) => p !== '');
  for (const candidate of candidates) {
    const text = readText(resolve(cwd, candidate));
    if (text === undefined) continue;
    const lines = originsFromText(document.text.split('\n'), templateAnatomy(text)).map((o) => o.line);
    return { path: candidate, lineOffset: (lines[0] ?? 1) - 1, lines };
  }
  return undefined;
}

function readIfFile(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
