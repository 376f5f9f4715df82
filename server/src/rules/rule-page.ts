import type { RuleId } from '../../../shared/src/rule-ids';
import { RULE_PAGES } from './generated/rule-pages';

/** The rule's documentation page: `docs/rules/<id>.md`, bundled as text by `npm run generate`. */
export function rulePage(id: RuleId): string {
  return RULE_PAGES[id];
}

/** The text of one `## heading` section of the rule's page (without the heading), if the page has it. */
export function rulePageSection(id: RuleId, heading: string): string | undefined {
  const page = RULE_PAGES[id];
  const marker = `\n## ${heading}\n`;
  const start = page.indexOf(marker);
  if (start === -1) return undefined;
  const end = page.indexOf('\n## ', start + marker.length);
  return page.slice(start + marker.length, end === -1 ? undefined : end).trim();
}
