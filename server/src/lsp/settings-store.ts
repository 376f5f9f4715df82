import { SETTING_KINDS, DEFAULT_SETTINGS, type AnalysisSettings } from '../../../shared/src/settings';
import { ConfigFiles, formatConfigError, type ConfigFile, type ConfigReader } from '../config/config-files';
import { mergeSettings, validateSettings, type ConfigError, type PartialSettings } from '../config/settings';

/** What the server needs to know about one document beyond the analysis settings. */
export interface DocumentSettings {
  readonly analysis: AnalysisSettings;
  readonly enable: boolean;
  readonly codeLens: boolean;
  /** Whether the file is outside the workspace (`.gitignore`, `ignore`, `exclude`): not reported, not read. */
  readonly excluded: boolean;
  /** `graceful.dockerExtensionCoexistence` is not `showAll`: findings Docker's extension shows too become hints. */
  readonly hideDockerDuplicates: boolean;
}

/** The `graceful` section as the client sends it (VS Code fills in every default). */
export interface ClientSection {
  readonly enable?: unknown;
  readonly exclude?: unknown;
  readonly codeLens?: { readonly enable?: unknown };
  readonly dockerExtensionCoexistence?: unknown;
  readonly [key: string]: unknown;
}

/** The editor's `graceful.exclude` globs (VS Code sends them relative to the workspace folder). */
export function excludeGlobsOf(section: ClientSection | undefined): string[] {
  return Array.isArray(section?.exclude) ? section.exclude.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * Resolves each document's settings: Graceful's defaults, then the editor's
 * `graceful.*` settings for that resource, then the nearest `.graceful.yaml` at
 * or above the file's folder (the file wins where both set a key, so a
 * repository's policy holds for everyone who opens it).
 */
export class SettingsStore {
  /** The `.graceful.yaml` files as the editor sees them; the ignore rules read their `ignore` globs. */
  readonly configFiles: ConfigFiles;
  private readonly resolved = new Map<string, DocumentSettings>();
  private readonly reported = new Set<string>();

  constructor(
    /** Reads a `.graceful.yaml` as the editor sees it, so an unsaved one already applies. */
    readConfig: ConfigReader,
    /** Whether a path is left out of the workspace (see `IgnoreRules`). */
    private readonly isIgnored: (path: string) => boolean,
    /** Told about each distinct settings problem once. */
    private readonly onError: (message: string) => void,
  ) {
    this.configFiles = new ConfigFiles(readConfig);
  }

  /** Forgets everything, after the editor's settings or a `.graceful.yaml` changed. */
  clear(): void {
    this.configFiles.clear();
    this.resolved.clear();
  }

  /** The `.graceful.yaml` that applies to the files of a folder (a chart's, for its `helm` key). */
  configFor(folder: string): ConfigFile | undefined {
    return this.configFiles.forFolder(folder);
  }

  /** The document settings last resolved for `path`. */
  documentSettings(path: string): DocumentSettings {
    return this.resolved.get(path) ?? this.resolve(path, undefined);
  }

  /** Resolves and remembers a document's settings from the client's section for it. */
  resolve(path: string, section: ClientSection | undefined): DocumentSettings {
    const editor = this.editorLayer(section);
    const config = this.configFiles.forFile(path);
    if (config) this.report(config.errors);
    const analysis = mergeSettings(DEFAULT_SETTINGS, editor, config?.settings ?? {});
    const excluded = this.isIgnored(path);
    const settings: DocumentSettings = {
      analysis,
      enable: section?.enable !== false,
      codeLens: section?.codeLens?.enable !== false,
      excluded,
      hideDockerDuplicates: section?.dockerExtensionCoexistence !== 'showAll',
    };
    this.resolved.set(path, settings);
    return settings;
  }

  private editorLayer(section: ClientSection | undefined): PartialSettings {
    if (!section || typeof section !== 'object') return {};
    // Only the analysis keys; `null` is how VS Code sends a setting without a value.
    const raw = Object.fromEntries(
      Object.entries(section).filter(([key, value]) => key in SETTING_KINDS && key !== 'ignore' && value !== null && value !== undefined),
    );
    const { settings, errors } = validateSettings(raw, 'graceful settings');
    this.report(errors);
    return settings;
  }

  private report(errors: readonly ConfigError[]): void {
    for (const e of errors) {
      const message = `Graceful: ${formatConfigError(e)}`;
      if (this.reported.has(message)) continue;
      this.reported.add(message);
      this.onError(message);
    }
  }
}
