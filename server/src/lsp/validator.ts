import type { Diagnostic } from 'vscode-languageserver/node';
import { LineIndex } from '../parse/line-index';
import { duplicatedByDockerExtension } from '../features/docker-coexistence';
import type { Finding } from '../types';
import { toDiagnostics } from './diagnostics';
import type { ServerState } from './server-state';

/**
 * 200 ms after the last keystroke: long enough that a burst of typing costs one
 * analysis, short enough to feel immediate (Neovim already waits ~150 ms before
 * sending didChange, VS Code sends every keystroke).
 */
export const VALIDATION_DELAY_MS = 200;

/**
 * Publishes diagnostics: for open documents after a per-document debounce,
 * dropping results computed for a version that is no longer current; for
 * closed files once the workspace has been linted on request.
 */
export class Validator {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Closed files whose diagnostics "Lint Workspace" published: they follow the files' changes on disk. */
  private readonly publishedClosed = new Set<string>();
  /** After "Lint Workspace", a document that closes keeps its diagnostics, as every other file does. */
  private workspaceLinted = false;
  private readonly dependencyTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly state: ServerState) {}

  /** Validates an open document after the debounce delay (0: on the next turn of the event loop). */
  schedule(uri: string, delay = VALIDATION_DELAY_MS): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.validateOpen(uri);
      }, delay),
    );
  }

  /** Re-checks every open document (the index or the settings changed), and closed files already published. */
  scheduleAll(delay = 0, except?: string): void {
    for (const document of this.state.documents.all()) if (document.uri !== except) this.schedule(document.uri, delay);
    for (const path of this.publishedClosed) void this.publishClosed(path);
  }

  /**
   * After the typing pauses in a file that other documents depend on (an entrypoint
   * script, a `.graceful.yaml`), applies its change and re-checks the open documents.
   */
  scheduleDependencyChange(uri: string, apply: () => void): void {
    clearTimeout(this.dependencyTimers.get(uri));
    this.dependencyTimers.set(
      uri,
      setTimeout(() => {
        this.dependencyTimers.delete(uri);
        apply();
        this.scheduleAll(0);
      }, VALIDATION_DELAY_MS),
    );
  }

  cancel(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
  }

  async validateOpen(uri: string): Promise<void> {
    const { state } = this;
    const document = state.documents.get(uri);
    if (!document) return;
    const version = document.version;
    const path = state.paths.pathOf(uri);
    const settings = await state.settingsFor(path);
    const current = state.documents.get(uri);
    if (!current || current.version !== version) return;
    if (state.syncDocument(current)) this.scheduleAll(0, uri);
    this.publishedClosed.delete(path);
    const diagnostics = settings.enable && !settings.excluded ? this.diagnosticsOf(path, current.getText(), version) : [];
    void state.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /** Publishes the diagnostics of every file in the workspace index, open or not; returns how many files. */
  async lintWorkspace(): Promise<number> {
    this.workspaceLinted = true;
    const paths = [...this.state.analyzer.paths()];
    for (const path of paths) {
      const open = this.state.fs.openDocument(path);
      if (open) await this.validateOpen(open.uri);
      else await this.publishClosed(path);
    }
    return paths.length;
  }

  /** Publishes the diagnostics of a file that is not open. */
  async publishClosed(path: string): Promise<void> {
    const { state } = this;
    if (state.fs.openDocument(path)) return;
    const settings = await state.settingsFor(path);
    const text = state.analyzer.text(path);
    const diagnostics = text !== undefined && settings.enable && !settings.excluded ? this.diagnosticsOf(path, text, undefined) : [];
    if (text === undefined) this.publishedClosed.delete(path);
    else this.publishedClosed.add(path);
    void state.connection.sendDiagnostics({ uri: state.paths.uriOf(path), diagnostics });
  }

  /** A document closed: its diagnostics go away, unless the workspace was linted (then they show the disk's text). */
  closed(uri: string): void {
    this.cancel(uri);
    const path = this.state.paths.pathOf(uri);
    if (this.workspaceLinted && this.state.analyzer.hasFile(path)) void this.publishClosed(path);
    else void this.state.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Whether a closed file's diagnostics are on show and must follow its changes. */
  isPublishedClosed(path: string): boolean {
    return this.publishedClosed.has(path);
  }

  private diagnosticsOf(path: string, text: string, version: number | undefined): Diagnostic[] {
    const { analyzer } = this.state;
    const analysis = analyzer.analyze(path);
    if (!analysis) return [];
    const dockerfile = analyzer.dockerfile(path);
    const parsed = analyzer.yamlFile(path) !== undefined || dockerfile !== undefined;
    const settings = this.state.settings.documentSettings(path);
    // Next to Docker's extension, its JSONArgsRecommended warning already marks shell-form lines: ours
    // becomes a hint (fix and hover stay), unless the user chose a severity for the rule.
    const demote = (finding: Finding) =>
      this.state.dockerExtension !== undefined && settings.hideDockerDuplicates && dockerfile !== undefined &&
      settings.analysis.rules[finding.ruleId] === undefined && duplicatedByDockerExtension(finding.ruleId, dockerfile);
    return toDiagnostics(analysis, new LineIndex(text), version, this.state, parsed, demote);
  }
}
