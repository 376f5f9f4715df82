import { readFileSync, statSync } from 'node:fs';
import { parseHelmConfig, type HelmConfig } from '../helm/helm-config';
import { dirname, joinPath } from '../model/workspace-fs';
import { parseConfigText, type ConfigError, type PartialSettings } from './settings';

export const CONFIG_FILE_NAME = '.graceful.yaml';

/**
 * Reads a configuration file: its text, or undefined when there is no such file.
 * Throws when the file exists but cannot be read, so a broken config is never mistaken for none.
 */
export type ConfigReader = (path: string) => string | undefined;

/** One loaded `.graceful.yaml`: its valid settings and what was wrong with the rest. */
export interface ConfigFile {
  /** Absolute, `/`-separated. */
  readonly path: string;
  /** The folder its `ignore` globs are relative to (`workspace/ignore-rules.ts` applies them). */
  readonly folder: string;
  readonly settings: PartialSettings;
  readonly errors: readonly ConfigError[];
  /** The `helm` key: off, or values for the charts below (never which helm to run). */
  readonly helm?: HelmConfig;
}

/** `FILE:LINE: KEY: MESSAGE`, the way compilers name a place, for terminals and logs. */
export function formatConfigError(error: ConfigError): string {
  const where = error.line === undefined ? error.source : `${error.source}:${error.line}`;
  return `${where}: ${error.key}: ${error.message}`;
}

/** Reads from the disk; not UTF-8 text or a folder in the config's place are errors, absence is not. */
export const readConfigFromDisk: ConfigReader = (path) => {
  let isFile: boolean;
  try {
    // Absent in almost every folder looked at: no exception built for that (one stat per folder of the walk).
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return undefined;
    isFile = stats.isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
  if (!isFile) throw new Error('not a regular file');
  const bytes = readFileSync(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('not UTF-8 text');
  }
};

/**
 * Finds the configuration that applies to a file: the nearest `.graceful.yaml` in
 * the file's folder or above it (nearer files replace, not extend, farther ones, so
 * what applies is always one file to read), or one explicit file for everything.
 * Lookups are cached per folder; `clear()` forgets them when files change.
 */
export class ConfigFiles {
  private readonly loaded = new Map<string, ConfigFile | undefined>();
  private readonly nearestByFolder = new Map<string, ConfigFile | undefined>();

  /** `explicit`: the absolute path of a config file that applies to every file instead of the lookup. */
  constructor(
    private readonly read: ConfigReader = readConfigFromDisk,
    private readonly explicit?: string,
  ) {}

  /** The configuration for the files in `folder` (absolute, `/`-separated), if any. */
  forFolder(folder: string): ConfigFile | undefined {
    if (this.explicit !== undefined) return this.load(this.explicit, true);
    if (this.nearestByFolder.has(folder)) return this.nearestByFolder.get(folder);
    const parent = dirname(folder);
    const found = this.load(joinPath(folder, CONFIG_FILE_NAME), false) ?? (parent === folder ? undefined : this.forFolder(parent));
    this.nearestByFolder.set(folder, found);
    return found;
  }

  forFile(path: string): ConfigFile | undefined {
    return this.forFolder(dirname(path));
  }

  /** Every config file loaded so far that has errors. */
  errors(): ConfigError[] {
    return [...this.loaded.values()].flatMap((c) => (c ? [...c.errors] : []));
  }

  clear(): void {
    this.loaded.clear();
    this.nearestByFolder.clear();
  }

  private load(path: string, required: boolean): ConfigFile | undefined {
    if (this.loaded.has(path)) return this.loaded.get(path);
    const folder = dirname(path);
    let config: ConfigFile | undefined;
    try {
      const text = this.read(path);
      if (text !== undefined) {
        const { settings, errors, helm } = parseConfigText(text, path);
        const parsedHelm = helm === undefined ? undefined : parseHelmConfig(helm.value, folder, path, helm.line);
        config = { path, folder, settings, errors: [...errors, ...(parsedHelm?.errors ?? [])], ...(parsedHelm?.helm && { helm: parsedHelm.helm }) };
      } else if (required) config = { path, folder, settings: {}, errors: [{ source: path, key: '(file)', message: 'no such file' }] };
    } catch (error) {
      config = { path, folder, settings: {}, errors: [{ source: path, key: '(file)', message: `cannot read: ${(error as Error).message}` }] };
    }
    this.loaded.set(path, config);
    return config;
  }
}
