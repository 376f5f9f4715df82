import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'rollout-max-unavailable',
    defaultSeverity: 'warning',
    title: 'rollout-max-unavailable',
    summary: 'rollout-max-unavailable',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
