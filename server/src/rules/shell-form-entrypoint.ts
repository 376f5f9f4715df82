import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'shell-form-entrypoint',
    defaultSeverity: 'warning',
    title: 'shell-form-entrypoint',
    summary: 'shell-form-entrypoint',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
