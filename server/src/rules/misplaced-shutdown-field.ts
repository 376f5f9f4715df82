import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'misplaced-shutdown-field',
    defaultSeverity: 'warning',
    title: 'misplaced-shutdown-field',
    summary: 'misplaced-shutdown-field',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
