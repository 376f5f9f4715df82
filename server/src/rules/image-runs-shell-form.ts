import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'image-runs-shell-form',
    defaultSeverity: 'warning',
    title: 'image-runs-shell-form',
    summary: 'image-runs-shell-form',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
