import { existsSync, readFileSync } from 'node:fs';
import ignore, { type Ignore } from 'ignore';
import type { ConfigFile, ConfigFiles } from '../config/config-files';
import { dirname } from '../model/workspace-fs';

/**
 * Patterns in `.gitignore` syntax, relative to `base`. `.gitignore` files, the
 * `ignore` globs of `.graceful.yaml` and the editor's `graceful.exclude` are all
 * compiled by this one function, so one glob means one thing everywhere: a
 * pattern without a slash matches a name at any depth, one with a slash matches
 * from `base`, a trailing slash matches folders only, `!` re-includes, and a
 * matched folder covers everything in it.
 */
export interface PatternLayer {
  /** Absolute, `/`-separated. */
  readonly base: string;
  readonly rules: Ignore;
}

export function patternLayer(base: string, patterns: string | readonly string[]): PatternLayer {
  return { base, rules: ignore().add(typeof patterns === 'string' ? patterns : [...patterns]) };
}

/** `path` relative to `base`, with a trailing slash for a folder; undefined when outside. */
function relativePattern(base: string, path: string, isFolder: boolean): string | undefined {
  const prefix = base === '/' ? '/' : `${base}/`;
  if (!path.startsWith(prefix) || path.length === prefix.length) return undefined;
  return path.slice(prefix.length) + (isFolder ? '/' : '');
}

/** Whether one layer's patterns leave `path` out (the `ignore` package also applies them to its folders). */
export function layerIgnores(layer: PatternLayer | undefined, path: string, isFolder: boolean): boolean {
  if (!layer) return false;
  const relative = relativePattern(layer.base, path, isFolder);
  return relative !== undefined && layer.rules.ignores(relative);
}

/** Git's precedence over `.gitignore` layers, outermost first: the deepest layer with a matching pattern decides. */
function gitVerdict(layers: readonly PatternLayer[], path: string, isFolder: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const relative = relativePattern(layer.base, path, isFolder);
    if (relative === undefined) continue;
    const verdict = layer.rules.test(relative);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/** Where the ignore rules come from. Reads go to the disk unless a test or the editor says otherwise. */
export interface IgnoreSources {
  /** `.graceful.yaml` lookup: the nearest file's `ignore` globs apply, relative to its folder. */
  readonly configs: ConfigFiles;
  /** The editor's `graceful.exclude` that applies to `path`, relative to its workspace folder. */
  readonly exclude?: (path: string) => PatternLayer | undefined;
  /** A `.gitignore`'s text; undefined when there is none or it cannot be read (then it ignores nothing, as for git). */
  readonly readGitignore?: (path: string) => string | undefined;
  /** Whether a folder is the root of a repository (holds `.git`). */
  readonly isRepositoryRoot?: (folder: string) => boolean;
}

const readGitignoreFromDisk = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * What "ignored" means for Graceful, in the CLI and the server alike: a path that
 * `.gitignore`, the applicable `.graceful.yaml` `ignore` or `graceful.exclude`
 * leaves out, itself or through one of its folders, is not part of the workspace:
 * it is neither reported nor read for cross-file facts.
 *
 * `.gitignore` files apply from the repository root (the nearest folder holding
 * `.git`) down to the file's folder; a folder that is a repository of its own
 * takes none from above it. Outside any repository they apply from the walked
 * folder (`roots`) down. Verdicts are cached per folder until `clear()`.
 */
export class IgnoreRules {
  private readonly gitLayersByFolder = new Map<string, readonly PatternLayer[]>();
  private readonly repositories = new Map<string, string | undefined>();
  private readonly gitIgnoredFolders = new Map<string, boolean>();
  private readonly excludedFolders = new Map<string, boolean>();
  private readonly configLayers = new WeakMap<ConfigFile, PatternLayer>();
  /** What the walk saw in a folder: spares a read or a stat per folder for `.gitignore` and `.git`. */
  private readonly listings = new Map<string, { readonly gitignore: boolean; readonly git: boolean }>();

  constructor(
    /** The folders walked (command-line folders, workspace folders): absolute, `/`-separated. */
    private readonly roots: readonly string[],
    private readonly sources: IgnoreSources,
  ) {}

  /** Whether `path` is outside the workspace for any reason: git's, the configuration's or the editor's. */
  isIgnored(path: string, isFolder = false): boolean {
    return this.isExcluded(path, isFolder) || this.gitIgnored(path, isFolder);
  }

  /**
   * Whether the patterns written for Graceful (`ignore`, `graceful.exclude`) leave `path` out.
   * A file named on the command line is held to these only: naming it overrides `.gitignore`.
   */
  isExcluded(path: string, isFolder = false): boolean {
    const folder = dirname(path);
    return (folder !== path && this.folderExcluded(folder)) || this.ownExcluded(path, isFolder);
  }

  /** Told by the walk which names a folder holds, before its entries are judged. */
  listed(folder: string, names: readonly string[]): void {
    this.listings.set(folder, { gitignore: names.includes('.gitignore'), git: names.includes('.git') });
  }

  /** Forgets every verdict, after a `.gitignore`, a `.graceful.yaml` or the editor's settings changed. */
  clear(): void {
    this.listings.clear();
    this.gitLayersByFolder.clear();
    this.repositories.clear();
    this.gitIgnoredFolders.clear();
    this.excludedFolders.clear();
  }

  private ownExcluded(path: string, isFolder: boolean): boolean {
    return layerIgnores(this.configLayer(this.sources.configs.forFile(path)), path, isFolder) || layerIgnores(this.sources.exclude?.(path), path, isFolder);
  }

  private configLayer(config: ConfigFile | undefined): PatternLayer | undefined {
    if (!config?.settings.ignore?.length) return undefined;
    let layer = this.configLayers.get(config);
    if (!layer) this.configLayers.set(config, (layer = patternLayer(config.folder, config.settings.ignore)));
    return layer;
  }

  /** A folder whose own path or whose parent is excluded: nothing inside it counts (a nested config cannot bring it back). */
  private folderExcluded(folder: string): boolean {
    let verdict = this.excludedFolders.get(folder);
    if (verdict === undefined) {
      const parent = dirname(folder);
      verdict = (parent !== folder && this.folderExcluded(parent)) || this.ownExcluded(folder, true);
      this.excludedFolders.set(folder, verdict);
    }
    return verdict;
  }

  private gitIgnored(path: string, isFolder: boolean): boolean {
    const folder = dirname(path);
    return (folder !== path && this.folderGitIgnored(folder)) || gitVerdict(this.gitLayers(folder), path, isFolder);
  }

  /**
   * Git never descends into an ignored folder, so no deeper `!pattern` brings its content back.
   * A repository walked as such is not judged by the folders above it; one found inside a walk
   * is an entry of the outer repository like any other folder.
   */
  private folderGitIgnored(folder: string): boolean {
    let verdict = this.gitIgnoredFolders.get(folder);
    if (verdict === undefined) {
      verdict = folder !== '/' && !(this.isRepositoryRoot(folder) && this.roots.includes(folder)) && this.gitIgnored(folder, true);
      this.gitIgnoredFolders.set(folder, verdict);
    }
    return verdict;
  }

  /** The `.gitignore` layers that apply to the entries of `folder`, outermost first. */
  private gitLayers(folder: string): readonly PatternLayer[] {
    let layers = this.gitLayersByFolder.get(folder);
    if (layers) return layers;
    const inScope = this.repositoryOf(folder) !== undefined || this.roots.some((root) => folder === root || folder.startsWith(root === '/' ? '/' : `${root}/`));
    if (!inScope) layers = [];
    else {
      const parent = dirname(folder);
      const top = this.isRepositoryRoot(folder) || parent === folder || (this.roots.includes(folder) && this.repositoryOf(folder) === undefined);
      const text =
        this.listings.get(folder)?.gitignore === false
          ? undefined
          : (this.sources.readGitignore ?? readGitignoreFromDisk)(`${folder === '/' ? '' : folder}/.gitignore`);
      const inherited = top ? [] : this.gitLayers(parent);
      layers = text === undefined ? inherited : [...inherited, patternLayer(folder, text)];
    }
    this.gitLayersByFolder.set(folder, layers);
    return layers;
  }

  private isRepositoryRoot(folder: string): boolean {
    return this.repositoryOf(folder) === folder;
  }

  /** The root of the repository that holds `folder`, if any. */
  private repositoryOf(folder: string): string | undefined {
    if (this.repositories.has(folder)) return this.repositories.get(folder);
    const isRoot = this.sources.isRepositoryRoot ?? ((f: string) => existsSync(`${f === '/' ? '' : f}/.git`));
    const parent = dirname(folder);
    const found = (this.listings.get(folder)?.git ?? isRoot(folder)) ? folder : parent === folder ? undefined : this.repositoryOf(parent);
    this.repositories.set(folder, found);
    return found;
  }
}
