import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'shell-form-cmd',
    defaultSeverity: 'warning',
    title: 'shell-form-cmd',
    summary: 'shell-form-cmd',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
