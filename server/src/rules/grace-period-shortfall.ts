import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'grace-period-shortfall',
    defaultSeverity: 'warning',
    title: 'grace-period-shortfall',
    summary: 'grace-period-shortfall',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
