import { MessageType, ShowMessageNotification, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIGURATION_SECTION } from '../../../shared/src/protocol';
import { Analyzer } from '../analyzer';
import { dirname } from '../model/workspace-fs';
import type { LineIndex } from '../parse/line-index';
import { DocumentPaths } from './document-paths';
import type { EditorCharts } from './editor-charts';
import { editorFs } from './editor-fs';
import { readSourceText } from '../workspace/source';
import { readConfigFromDisk } from '../config/config-files';
import type { RelatedFiles } from './diagnostics';
import { LineTables } from './line-tables';
import { excludeGlobsOf, SettingsStore, type ClientSection, type DocumentSettings } from './settings-store';
import { IgnoreRules, patternLayer, type PatternLayer } from '../workspace/ignore-rules';

/**
 * Everything the handlers share: open documents, the analyzer over the workspace,
 * and per-document settings. Keeps the analyzer's copy of an open document equal
 * to the editor's text before anything reads it.
 */
export class ServerState implements RelatedFiles {
  readonly paths = new DocumentPaths();
  readonly fs: ReturnType<typeof editorFs>;
  readonly analyzer: Analyzer;
  readonly settings: SettingsStore;
  readonly lineTables: LineTables;
  private folders: string[] = [];
  /** `graceful.exclude` of each workspace folder, as patterns relative to it. */
  private readonly excludes = new Map<string, PatternLayer>();
  /** What is left out of the workspace: neither indexed nor reported (the CLI's walk applies the same rules). */
  ignoreRules: IgnoreRules;
  /** Closed files whose diagnostics are on show (after Lint Workspace) and must follow their changes. */
  readonly publishedClosed = new Set<string>();
  /** The Docker extension the VS Code client reported in `initializationOptions`, if any. */
  dockerExtension: string | undefined;
  /** Whether the client answers `workspace/configuration`; otherwise settings come with didChangeConfiguration. */
  pullConfiguration = false;
  /** The `graceful` section pushed by didChangeConfiguration, for clients that do not answer pulls. */
  pushedSection: ClientSection | undefined;
  private readonly sections = new Map<string, Promise<ClientSection | undefined>>();
  /**
   * Settles once the workspace folders given at start are indexed: until then the index lacks other
   * files' facts (Services, PDBs, autoscalers), and checks against it could report what they rule out.
   */
  initialIndexing: Promise<void> = Promise.resolve();
  /** Rendered Helm charts (set up at start): their templates are analysed as rendered, not as written. */
  helm: EditorCharts | undefined;

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
  ) {
    this.fs = editorFs(documents, this.paths);
    // An open `.graceful.yaml` as edited, else the disk's as the CLI reads it (a broken one is an error, not absent).
    const readConfig = (path: string) => {
      const open = this.fs.openDocument(path);
      if (open) return open.getText();
      const disk = this.paths.diskPath(path);
      return disk === undefined ? undefined : readConfigFromDisk(disk);
    };
    this.settings = new SettingsStore(
      readConfig,
      (path) => this.isIgnored(path),
      (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
    );
    this.ignoreRules = this.newIgnoreRules();
    this.analyzer = new Analyzer({
      fs: this.fs,
      // The YAML extension shows syntax errors; without them, documents of kinds no rule reads stay unparsed.
      syntaxProblems: false,
      // Parse trees are most of the memory of a large workspace: keep them for files whose
      // diagnostics are on show (open, or published by Lint Workspace, or rendered from a chart whose
      // templates are open: their findings are mapped on each render); others re-parse when asked.
      retainParse: (path) => this.fs.openDocument(path) !== undefined || this.publishedClosed.has(path) || this.helm?.retainsParse(path) === true,
      onRuleError: (rule, path, error) => connection.console.error(`Graceful: rule ${rule} failed on ${path}: ${(error as Error)?.stack ?? String(error)}`),
    });
    this.lineTables = new LineTables((path, text) => this.analyzer.lineIndex(path, text));
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  set workspaceFolders(folders: readonly string[]) {
    this.folders = [...folders];
    this.ignoreRules = this.newIgnoreRules();
  }

  private newIgnoreRules(): IgnoreRules {
    const exclude = (path: string) => {
      const folder = this.folders.find((f) => path.startsWith(f === '/' ? '/' : `${f}/`));
      return folder === undefined ? undefined : this.excludes.get(folder);
    };
    return new IgnoreRules(this.folders, { configs: this.settings.configFiles, exclude });
  }

  /** Whether a file is left out of the workspace by `.gitignore`, `.graceful.yaml` `ignore` or `graceful.exclude`. */
  isIgnored(path: string): boolean {
    return this.ignoreRules.isIgnored(path);
  }

  /**
   * Asks the client for each workspace folder's `graceful.exclude` and forgets the
   * ignore verdicts so far (a `.gitignore`, a `.graceful.yaml` or the settings changed).
   */
  async refreshIgnoreRules(): Promise<void> {
    const sections = await Promise.all(this.folders.map((folder) => this.clientSection(folder)));
    this.excludes.clear();
    this.folders.forEach((folder, i) => {
      const globs = excludeGlobsOf(sections[i]);
      if (globs.length > 0) this.excludes.set(folder, patternLayer(folder, globs));
    });
    this.ignoreRules.clear();
  }

  /** Puts an open document's current text into the analyzer (unless it is ignored); returns whether the workspace index changed. */
  syncDocument(document: TextDocument): boolean {
    const path = this.paths.pathOf(document.uri);
    if (this.isIgnored(path)) return this.analyzer.removeFile(path);
    const text = document.getText();
    if (this.helm?.replaces(path)) return this.analyzer.hasFile(path) && this.analyzer.removeFile(path);
    if (this.analyzer.hasFile(path) && this.analyzer.text(path) === text) return false;
    return this.analyzer.setFile(path, text, document.languageId);
  }

  /** Reloads a file from the disk (closed, or changed outside the editor); returns whether the index changed. */
  syncFromDisk(path: string): boolean {
    if (this.fs.openDocument(path)) return false;
    if (this.isIgnored(path)) return this.analyzer.removeFile(path);
    if (this.helm?.replaces(path)) return this.analyzer.hasFile(path) && this.analyzer.removeFile(path);
    const disk = this.paths.diskPath(path);
    const text = disk === undefined ? undefined : readSourceText(disk);
    return text === undefined ? this.analyzer.removeFile(path) : this.analyzer.setFile(path, text);
  }

  /**
   * A Dockerfile's facts depend on the scripts its build context holds (entrypoint
   * scripts): reloads the Dockerfiles in the folders above a changed script.
   * Returns whether the index changed.
   */
  scriptChanged(script: string): boolean {
    let changed = false;
    for (const path of [...this.analyzer.paths()]) {
      const text = this.analyzer.text(path);
      if (text === undefined || this.analyzer.dockerfile(path) === undefined || !script.startsWith(`${dirname(path)}/`)) continue;
      changed = this.analyzer.refreshFacts(path) || changed;
    }
    return changed;
  }

  /**
   * The client's settings for a resource, resolved with `.graceful.yaml`. The
   * client's answer is kept until its configuration changes, so that re-checking
   * every open document does not cost a round trip each.
   */
  async settingsFor(path: string): Promise<DocumentSettings> {
    return this.settings.resolve(path, await this.clientSection(path));
  }

  /** The client's `graceful` section for a resource, asked once until the configuration changes. */
  private clientSection(path: string): Promise<ClientSection | undefined> {
    if (!this.pullConfiguration) return Promise.resolve(this.pushedSection);
    let section = this.sections.get(path);
    if (!section) {
      section = (
        this.connection.workspace.getConfiguration({ scopeUri: this.paths.uriOf(path), section: CONFIGURATION_SECTION }) as Promise<ClientSection | null>
      ).then(
        (answer) => answer ?? undefined,
        (error) => {
          this.connection.console.warn(`Graceful: could not read settings: ${String(error)}`);
          return undefined;
        },
      );
      this.sections.set(path, section);
    }
    return section;
  }

  /** Forgets the client's settings, the `.graceful.yaml` files read so far and the ignore verdicts. */
  clearSettings(): void {
    this.sections.clear();
    this.settings.clear();
    this.ignoreRules.clear();
  }

  /** The URI and line table of a file as the analyzer holds it (else as the editor or the disk has it). */
  locate(path: string): { uri: string; lines: LineIndex } | undefined {
    const text = this.analyzer.text(path) ?? this.fs.readText(path);
    return text === undefined ? undefined : { uri: this.paths.uriOf(path), lines: this.lineTables.linesOf(path, text) };
  }
}
