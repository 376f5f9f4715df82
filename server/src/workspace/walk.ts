import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { CONFIG_FILE_NAME } from '../config/config-files';
import { fileKindOf } from '../model/file-kind';
import type { FileProblem } from '../types';
import type { IgnoreRules } from './ignore-rules';
import { fsProblem } from './source';

/** What a walk found. */
export interface FoundFiles {
  /** Dockerfiles and YAML files: absolute, `/`-separated, sorted, each once. */
  readonly files: readonly string[];
  /** Inputs that do not exist, as the user wrote them. */
  readonly missing: readonly string[];
  /** Inputs, folders or links that exist but could not be read. */
  readonly problems: readonly FileProblem[];
}

/** Folders that hold tooling state, and Graceful's own configuration: never manifests. */
const SKIPPED_NAMES = new Set(['.git', '.hg', '.svn', 'node_modules', CONFIG_FILE_NAME]);

/** Said of a file named on the command line that Graceful cannot tell how to read. */
export const NOT_ANALYSABLE = 'not analysed: only Dockerfiles (Dockerfile*, Containerfile*, *.dockerfile) and YAML files (*.yaml, *.yml) are read';

/** Folders listed per turn of the event loop by the asynchronous walk. */
const FOLDERS_PER_TURN = 16;

/** Paths inside the analysis are absolute with `/` separators, whatever the platform. */
export function toAnalysisPath(nativePath: string): string {
  return sep === '/' ? nativePath : nativePath.split(sep).join('/');
}

/** What a path is, after following symbolic links; a string says why that could not be told. */
type EntryKind = 'file' | 'folder' | 'other' | { readonly problem: string; readonly missing: boolean };

interface Entry {
  readonly name: string;
  readonly kind: EntryKind;
  /** A symbolic link (`kind` is then what it points at). */
  readonly link: boolean;
}

/** A folder's real path and its entries, or why it could not be listed. */
type Listing = { readonly real: string; readonly entries: readonly Entry[] } | { readonly problem: string };

/** A folder to list, with its real path when the walk knows it without asking the disk. */
interface Pending {
  readonly path: string;
  readonly real?: string;
}

const inFolder = (dir: string, name: string) => `${dir === '/' ? '' : dir}/${name}`;

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function kindOfStats(stats: Stats): EntryKind {
  return stats.isDirectory() ? 'folder' : stats.isFile() ? 'file' : 'other';
}

function kindOfError(error: unknown): EntryKind {
  const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
  return { problem: fsProblem(error), missing };
}

/**
 * The decisions of a walk, without its input and output: which inputs are taken,
 * which entries are skipped, ignored, walked or kept. The synchronous (CLI) and
 * asynchronous (server) front ends below only list folders and follow links, so
 * both find exactly the same files.
 */
class Walk {
  private readonly files = new Set<string>();
  private readonly missing: string[] = [];
  private readonly problems: FileProblem[] = [];
  private readonly visited = new Set<string>();

  constructor(private readonly rules: IgnoreRules) {}

  /**
   * A path given to the walk: a folder is walked (returned); a file is taken as
   * named when its name makes it a Dockerfile or YAML file and Graceful's own
   * patterns do not exclude it (`.gitignore` does not apply to a named file).
   */
  input(input: string, path: string, kind: EntryKind): string | undefined {
    if (typeof kind === 'object') {
      if (kind.missing) this.missing.push(input);
      else this.problems.push({ path, message: kind.problem });
    } else if (kind === 'folder') return path;
    else if (!fileKindOf(path)) this.problems.push({ path, message: NOT_ANALYSABLE });
    else if (!this.rules.isExcluded(path)) this.files.add(path);
    return undefined;
  }

  /**
   * One folder's listing: its files are kept, its subfolders returned to be walked, in name order. A subfolder
   * that is not a link is where its parent really is, under its name: only roots and links need `realpath`.
   */
  folder(dir: string, listing: Listing): Pending[] {
    if ('problem' in listing) {
      this.problems.push({ path: dir, message: `cannot list folder: ${listing.problem}` });
      return [];
    }
    // Symbolic links are followed, each real folder at most once, so loops end.
    if (this.visited.has(listing.real)) return [];
    this.visited.add(listing.real);
    this.rules.listed(
      dir,
      listing.entries.map((e) => e.name),
    );
    const folders: Pending[] = [];
    for (const { name, kind, link } of [...listing.entries].sort(byName)) {
      if (SKIPPED_NAMES.has(name)) continue;
      const path = inFolder(dir, name);
      if (typeof kind === 'object') {
        if (fileKindOf(path)) this.problems.push({ path, message: kind.missing ? 'broken symbolic link' : kind.problem });
        continue;
      }
      if (kind === 'other' || this.rules.isIgnored(path, kind === 'folder')) continue;
      if (kind === 'folder') folders.push(link ? { path } : { path, real: inFolder(listing.real, name) });
      else if (fileKindOf(path)) this.files.add(path);
    }
    return folders;
  }

  result(): FoundFiles {
    return { files: [...this.files].sort(), missing: this.missing, problems: this.problems };
  }
}

/**
 * Walks the inputs (files or folders, relative to `cwd`) for Dockerfiles and YAML
 * files, skipping `.git`, `.hg`, `.svn`, `node_modules`, `.graceful.yaml` and what
 * `rules` ignore. The command line's front end: synchronous.
 */
export function walkSync(inputs: readonly string[], cwd: string, rules: IgnoreRules): FoundFiles {
  const walk = new Walk(rules);
  for (const input of inputs) {
    const path = toAnalysisPath(resolve(cwd, input));
    const root = walk.input(input, path, kindSync(path));
    const pending: Pending[] = root === undefined ? [] : [{ path: root }];
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) pending.push(...walk.folder(dir.path, listSync(dir)).reverse());
  }
  return walk.result();
}

/**
 * The same walk for the language server: folders are listed asynchronously and the
 * event loop gets a turn every few folders, so requests are answered meanwhile.
 */
export async function walkAsync(folders: readonly string[], rules: IgnoreRules): Promise<FoundFiles> {
  const walk = new Walk(rules);
  let listed = 0;
  for (const folder of folders) {
    const root = walk.input(folder, folder, await kindAsync(folder));
    const pending: Pending[] = root === undefined ? [] : [{ path: root }];
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
      pending.push(...walk.folder(dir.path, await listAsync(dir)).reverse());
      if (++listed % FOLDERS_PER_TURN === 0) await new Promise((done) => setImmediate(done));
    }
  }
  return walk.result();
}

function kindSync(path: string): EntryKind {
  try {
    return kindOfStats(statSync(path));
  } catch (error) {
    return kindOfError(error);
  }
}

async function kindAsync(path: string): Promise<EntryKind> {
  return stat(path).then(kindOfStats, kindOfError);
}

/** An entry as listed; a symbolic link as what `linkKind` says it points at. */
function entryOf(entry: Dirent, linkKind: EntryKind | undefined): Entry {
  const link = entry.isSymbolicLink();
  const kind: EntryKind = link ? (linkKind ?? 'other') : entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
  return { name: entry.name, kind, link };
}

function listSync({ path: dir, real: known }: Pending): Listing {
  try {
    const real = known ?? toAnalysisPath(realpathSync.native(dir));
    const entries = readdirSync(dir, { withFileTypes: true });
    return { real, entries: entries.map((e) => entryOf(e, e.isSymbolicLink() ? kindSync(inFolder(dir, e.name)) : undefined)) };
  } catch (error) {
    return { problem: fsProblem(error) };
  }
}

async function listAsync({ path: dir, real: known }: Pending): Promise<Listing> {
  try {
    const real = known ?? toAnalysisPath(await realpath(dir));
    const entries = await readdir(dir, { withFileTypes: true });
    const listed: Entry[] = [];
    for (const e of entries) listed.push(entryOf(e, e.isSymbolicLink() ? await kindAsync(inFolder(dir, e.name)) : undefined));
    return { real, entries: listed };
  } catch (error) {
    return { problem: fsProblem(error) };
  }
}
