import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { CONFIG_FILE_NAME } from '../config/config-files';
import { fileKindOf } from '../model/file-kind';
import { dirname } from '../model/workspace-fs';
import type { FileProblem } from '../types';
import { fsProblem } from '../workspace/source';

/** What `graceful lint PATH...` will analyse. */
export interface FoundFiles {
  /** Dockerfiles and YAML files: absolute, `/`-separated, sorted, each once. */
  readonly files: readonly string[];
  /** Inputs that do not exist, as the user wrote them. */
  readonly missing: readonly string[];
  /** Inputs, folders or links that exist but could not be read. */
  readonly problems: readonly FileProblem[];
}

/** Folders that hold tooling state, and Graceful's own configuration: never manifests. */
const SKIPPED_NAMES = new Set(['.git', 'node_modules', CONFIG_FILE_NAME]);

interface GitignoreLayer {
  readonly base: string;
  readonly rules: Ignore;
}

/** Paths inside the analysis are absolute with `/` separators, whatever the platform. */
export function toAnalysisPath(nativePath: string): string {
  return sep === '/' ? nativePath : nativePath.split(sep).join('/');
}

/**
 * Resolves inputs to files: a file is taken as given (when its name makes it a
 * Dockerfile or YAML file), a folder is walked without `.git`, `node_modules`, `.graceful.yaml`,
 * what `.gitignore` files ignore (nested ones and those between the repository
 * root and the folder) and what `isIgnored` (the config's `ignore`) excludes.
 * Symbolic links are followed, each real folder at most once, so loops end.
 */
export function findFiles(inputs: readonly string[], cwd: string, isIgnored: (path: string) => boolean): FoundFiles {
  const files = new Set<string>();
  const missing: string[] = [];
  const problems: FileProblem[] = [];
  const visited = new Set<string>();

  const walk = (dir: string, layers: readonly GitignoreLayer[]) => {
    let entries: Dirent[];
    try {
      const real = realpathSync(dir);
      if (visited.has(real)) return;
      visited.add(real);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: dir, message: `cannot list folder: ${fsProblem(error)}` });
      return;
    }
    const own = entries.some((e) => e.name === '.gitignore' && !e.isDirectory()) ? gitignoreLayer(dir) : undefined;
    const scope = own ? [...layers, own] : layers;
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (SKIPPED_NAMES.has(entry.name)) continue;
      const path = `${dir === '/' ? '' : dir}/${entry.name}`;
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        let target: Stats;
        try {
          target = statSync(path);
        } catch (error) {
          if (fileKindOf(path)) problems.push({ path, message: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'broken symbolic link' : fsProblem(error) });
          continue;
        }
        isDir = target.isDirectory();
        if (!isDir && !target.isFile()) continue;
      } else if (!isDir && !entry.isFile()) continue;
      if (gitignored(scope, path, isDir) || isIgnored(path)) continue;
      if (isDir) walk(path, scope);
      else if (fileKindOf(path)) files.add(path);
    }
  };

  for (const input of inputs) {
    const path = toAnalysisPath(resolve(cwd, input));
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') missing.push(input);
      else problems.push({ path, message: fsProblem(error) });
      continue;
    }
    if (stats.isDirectory()) walk(path, ancestorGitignores(path));
    else if (!fileKindOf(path)) problems.push({ path, message: NOT_ANALYSABLE });
    else if (!isIgnored(path)) files.add(path);
  }
  return { files: [...files].sort(), missing, problems };
}

/** Said of a file named on the command line that Graceful cannot tell how to read. */
export const NOT_ANALYSABLE = 'not analysed: only Dockerfiles (Dockerfile*, Containerfile*, *.dockerfile) and YAML files (*.yaml, *.yml) are read';

function gitignoreLayer(dir: string): GitignoreLayer | undefined {
  try {
    return { base: dir, rules: ignore().add(readFileSync(`${dir}/.gitignore`, 'utf8')) };
  } catch {
    // An unreadable .gitignore excludes nothing, as for git itself.
    return undefined;
  }
}

/** `.gitignore` files from the repository root down to `dir`'s parent: they apply inside `dir` too. */
function ancestorGitignores(dir: string): GitignoreLayer[] {
  // A folder that is itself a repository's root takes nothing from the folders above it.
  if (existsSync(`${dir}/.git`)) return [];
  const chain: string[] = [];
  for (let folder = dirname(dir); ; folder = dirname(folder)) {
    chain.unshift(folder);
    if (existsSync(`${folder === '/' ? '' : folder}/.git`)) break;
    if (folder === '/') return [];
  }
  return chain.flatMap((folder) => (existsSync(`${folder === '/' ? '' : folder}/.gitignore`) ? [gitignoreLayer(folder)].filter((l) => l !== undefined) : []));
}

/** Git's precedence: the deepest `.gitignore` with a matching pattern decides (a `!pattern` re-includes). */
function gitignored(layers: readonly GitignoreLayer[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const prefix = layer.base === '/' ? '/' : `${layer.base}/`;
    if (!path.startsWith(prefix)) continue;
    const verdict = layer.rules.test(path.slice(prefix.length) + (isDir ? '/' : ''));
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}
