import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * The helm to run: the path the user gave (`--helm`, or the user/machine setting
 * `graceful.helm.path`), else `helm` on PATH. Never a path from the repository
 * (`.graceful.yaml`, workspace settings): opening a repository must not run a program it chose.
 * Undefined when there is none, or the given path is not an executable file.
 */
export function findHelm(userPath: string | undefined, pathVariable: string | undefined = process.env.PATH): string | undefined {
  if (userPath !== undefined && userPath !== '') return isExecutable(userPath) ? userPath : undefined;
  for (const folder of (pathVariable ?? '').split(delimiter)) {
    if (!folder || !isAbsolute(folder)) continue;
    const candidate = join(folder, 'helm');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
