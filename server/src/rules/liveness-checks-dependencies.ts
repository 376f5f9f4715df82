import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'liveness-checks-dependencies',
    defaultSeverity: 'warning',
    title: 'liveness-checks-dependencies',
    summary: 'liveness-checks-dependencies',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
