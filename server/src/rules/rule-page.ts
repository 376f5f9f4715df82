import type { RuleMeta } from './rule';

/** The rule's documentation page (docs/rules/<id>.md): its docs with a line of facts under the title. */
export function renderRulePage(meta: RuleMeta): string {
  const facts = `Default severity: **${meta.defaultSeverity}** · Automatic fix: **${meta.fixable ? 'yes' : 'no'}** · Runs on kustomize patches: **${meta.needsCompleteObject ? 'no' : 'yes'}**`;
  const docs = meta.docs.trim();
  const firstLineEnd = docs.indexOf('\n');
  const [title, body] = docs.startsWith('# ') && firstLineEnd !== -1 ? [docs.slice(0, firstLineEnd), docs.slice(firstLineEnd + 1).trim()] : [`# ${meta.id}`, docs];
  return `${title}\n\n${meta.summary}\n\n${facts}\n\n${body}\n`;
}
