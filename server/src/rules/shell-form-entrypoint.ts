import type { Rule } from './rule';
import { shellFormFindings } from './support/shell-form';

/**
 * `shell-form-entrypoint`: the final stage's ENTRYPOINT in shell form makes `/bin/sh -c`
 * PID 1 (signals lost) and makes Docker ignore CMD and `docker run` arguments.
 */
export const rule: Rule = {
  meta: {
    id: 'shell-form-entrypoint',
    defaultSeverity: 'warning',
    title: 'ENTRYPOINT in shell form: signals lost, CMD ignored',
    summary:
      'A shell-form ENTRYPOINT runs the app under `/bin/sh -c`; where that shell stays PID 1, the stop signal never reaches the app (and CMD is ignored).',
    fixable: true,
    needsCompleteObject: false,
  },
  checkDockerfile: (context) => shellFormFindings(context, 'shell-form-entrypoint'),
};
