import { RULE_IDS } from './generated/rule-ids';

/**
 * Stable rule ids, the contract with users: configuration, suppression comments,
 * SARIF output and tests all name rules by these strings (see RULES.md). The lists are
 * generated from the rule registry by `npm run generate`, so the client can use them
 * without importing server code.
 */
export { DOCKERFILE_RULE_IDS, RULE_IDS } from './generated/rule-ids';

export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

export const DOCS_BASE_URL = 'https://github.com/graceful-dev/graceful/blob/main/docs/rules/';

/** The rule's documentation page, docs/rules/<id>.md on the repository's default branch. */
export function ruleDocUrl(id: RuleId): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
