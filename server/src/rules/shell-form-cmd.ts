import type { Rule } from './rule';
import { shellFormFindings } from './support/shell-form';

/**
 * `shell-form-cmd`: the final stage's CMD in shell form makes `/bin/sh -c` PID 1,
 * and that shell does not forward SIGTERM to the app.
 */
export const rule: Rule = {
  meta: {
    id: 'shell-form-cmd',
    defaultSeverity: 'warning',
    title: 'CMD in shell form: the shell, not the app, gets SIGTERM',
    summary: 'A shell-form CMD runs the app under `/bin/sh -c`; where that shell stays PID 1, the stop signal never reaches the app.',
    fixable: true,
    needsCompleteObject: false,
  },
  checkDockerfile: (context) => shellFormFindings(context, 'shell-form-cmd'),
};
