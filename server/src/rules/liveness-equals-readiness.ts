import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'liveness-equals-readiness',
    defaultSeverity: 'warning',
    title: 'liveness-equals-readiness',
    summary: 'liveness-equals-readiness',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
