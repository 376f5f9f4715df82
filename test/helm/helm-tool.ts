import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The helm that scripts/tools-setup.sh helm installs: `$GRACEFUL_TOOLS/helm-4.1.4/helm`, else under ~/.cache/graceful-tools. */
export const HELM_VERSION = '4.1.4';

/** The helm binary for tests, or why the test cannot run here (pass it as `skip`). */
export function findTestHelm(): { readonly helm: string; readonly skip?: undefined } | { readonly helm?: undefined; readonly skip: string } {
  const folder = process.env.GRACEFUL_TOOLS || join(homedir(), '.cache', 'graceful-tools');
  const helm = join(folder, `helm-${HELM_VERSION}`, 'helm');
  if (existsSync(helm)) return { helm };
  return { skip: `helm ${HELM_VERSION} not installed in ${folder}; run scripts/tools-setup.sh helm (or set GRACEFUL_TOOLS to its folder)` };
}
