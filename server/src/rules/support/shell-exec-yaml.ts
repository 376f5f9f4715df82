import { isScalar, visit, type Scalar } from 'yaml';
import { parseYamlDocument, type YamlView } from '../../parse/yaml-file';
import type { TextEdit } from '../../types';

/** Candidate positions tried before giving up: each costs a parse of the document. */
const MAX_CANDIDATES = 40;

/**
 * An edit that inserts `text` into a YAML string scalar so that its value gains
 * `text` before value index `at`. Plain, quoted and block scalars write the value
 * differently (escapes, folding, indentation), so the position is found in the
 * source and proven by re-parsing the document: undefined when no position gives
 * exactly the expected value, or the node is an alias (editing its anchor would
 * change other places).
 */
export function insertIntoScalar(view: YamlView, node: unknown, at: number, text: string): TextEdit | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range || view.isTemplated(node)) return undefined;
  const value = node.value;
  const expected = value.slice(0, at) + text + value.slice(at);
  const { document } = view;
  const [start, valueEnd] = node.range;
  const first = value[at];
  if (first === undefined) return undefined;
  let tried = 0;
  for (let p = start; p < valueEnd && tried < MAX_CANDIDATES; p++) {
    if (document.text[p] !== first) continue;
    tried++;
    const changed = document.text.slice(0, p) + text + document.text.slice(p);
    if (scalarValueAt(changed, start) === expected) return { range: { start: document.start + p, end: document.start + p }, newText: text };
  }
  return undefined;
}

/** The value of the string scalar starting at `offset` in a re-parsed document; undefined when it no longer parses. */
function scalarValueAt(documentText: string, offset: number): string | undefined {
  const reparsed = parseYamlDocument(documentText, 0);
  if (reparsed.doc.errors.length > 0) return undefined;
  let found: string | undefined;
  visit(reparsed.doc, {
    Scalar(_key, scalar: Scalar) {
      if (scalar.range?.[0] === offset && typeof scalar.value === 'string') {
        found = scalar.value;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
