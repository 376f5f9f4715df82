import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where scripts/tools-setup.sh installs the real tools some tests check output against. */
export const TOOLS_DIR = process.env.GRACEFUL_TOOLS ?? join(homedir(), '.cache/graceful-tools');

/** Microsoft's SARIF validator, or why a test cannot use it. */
export function sarifMultitool(): { path: string } | { skip: string } {
  const path = join(TOOLS_DIR, 'sarif-multitool-5.7.0/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return { skip: `the SARIF multitool package ships a linux-x64 binary; this is ${process.platform}-${process.arch}` };
  return existsSync(path) ? { path } : { skip: `the SARIF validator is not installed in ${TOOLS_DIR} (run scripts/tools-setup.sh sarif-multitool)` };
}
