import { readFileSync } from 'node:fs';
import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { median, repeat } from './stats';

/**
 * The floor: parsing the text in this process with the parser alone, no analysis,
 * no protocol. Median of warm runs after one cold one.
 */
export function parseFloorMs(path: string, kind: 'yaml' | 'dockerfile', runs = 5): number {
  const text = readFileSync(path, 'utf8');
  const parse = kind === 'yaml' ? () => parseAllDocuments(text) : () => DockerfileParser.parse(text);
  parse();
  return median(
    repeat(runs, () => {
      const t = performance.now();
      parse();
      return performance.now() - t;
    }),
  );
}
