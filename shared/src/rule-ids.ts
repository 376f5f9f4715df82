/**
 * Stable rule ids, the contract with users: configuration, suppression comments,
 * SARIF output and tests all name rules by these strings (see RULES.md).
 */
export const DOCKERFILE_RULE_IDS = [
  'shell-form-cmd',
  'shell-form-entrypoint',
  'shell-wrapper-without-exec',
  'entrypoint-script-without-exec',
] as const;

export const KUBERNETES_RULE_IDS = [
  'missing-prestop',
  'grace-period-shortfall',
  'misplaced-shutdown-field',
  'liveness-checks-dependencies',
  'liveness-equals-readiness',
  'missing-readiness-probe',
  'missing-startup-probe',
  'missing-pdb',
  'pdb-blocks-eviction',
  'rollout-max-unavailable',
  'missing-min-ready-seconds',
  'exec-on-minimal-image',
  'image-runs-shell-form',
] as const;

export const RULE_IDS = [...DOCKERFILE_RULE_IDS, ...KUBERNETES_RULE_IDS] as const;

export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

export const DOCS_BASE_URL = 'https://github.com/graceful-dev/graceful/blob/main/docs/rules/';

export function ruleDocUrl(id: RuleId): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
