import type { Diagnostic } from 'vscode-languageserver/node';
import { duplicatedByDockerExtension } from '../features/docker-coexistence';
import type { Finding } from '../types';
import { ChangePacer, MAX_BURST_GAP_MS } from './change-pacer';
import { DiagnosticReuse, toDiagnostics } from './diagnostics';
import type { ServerState } from './server-state';
import type { DocumentSettings } from './settings-store';

/**
 * The longest a change waits before its analysis (the end of a burst of typing in
 * a document whose analysis takes 200 ms or more), and the pause after which the
 * typing in a file other documents depend on applies. Most changes wait nothing:
 * see {@link ChangePacer}.
 */
const VALIDATION_DELAY_MS = MAX_BURST_GAP_MS;

/**
 * From this size on, an opened YAML file first gets the diagnostics of its leading documents
 * (see `Analyzer.previewLeadingDocuments`), then those of the whole file: a chart of 1,800
 * documents takes a second to check, most of it parsing documents far below the first screen.
 */
const PREVIEW_MIN_CHARS = 128 * 1024;

/** The leading text a preview covers: the first screens of the file (documents starting within it). */
const PREVIEW_CHARS = 16 * 1024;

/** An analysis due at once, after the messages already received. */
interface Soon {
  readonly kind: 'soon';
  handle: NodeJS.Immediate;
}

/** An analysis due at the end of a burst of changes. */
interface BurstEnd {
  readonly kind: 'burst';
  readonly handle: NodeJS.Timeout;
}

/**
 * Publishes diagnostics: for open documents as {@link ChangePacer} paces them,
 * dropping results computed for a version that is no longer current; for closed
 * files once the workspace has been linted on request.
 */
export class Validator {
  private readonly pending = new Map<string, Soon | BurstEnd>();
  private readonly pacer = new ChangePacer();
  /** Closed files whose diagnostics "Lint Workspace" published: they follow the files' changes on disk. */
  /** After "Lint Workspace", a document that closes keeps its diagnostics, as every other file does. */
  private workspaceLinted = false;
  private readonly dependencyTimers = new Map<string, NodeJS.Timeout>();
  /** Documents being checked, and whether another check was asked for meanwhile. */
  private readonly running = new Map<string, { again: boolean }>();
  private readonly reuse = new DiagnosticReuse();

  constructor(private readonly state: ServerState) {}

  /** A document was opened: it is checked at once. */
  opened(uri: string): void {
    this.pacer.opened(uri, performance.now());
    this.schedule(uri);
  }

  /** An open document changed: checked at once after a rest, at the end of the burst within one. */
  changed(uri: string): void {
    const wait = this.pacer.waitAfterChange(uri, performance.now(), this.pending.has(uri));
    if (wait === 0) this.schedule(uri);
    else {
      this.cancel(uri);
      this.pending.set(uri, {
        kind: 'burst',
        handle: setTimeout(() => {
          this.pending.delete(uri);
          void this.validateOpen(uri);
        }, wait),
      });
    }
  }

  /**
   * Checks an open document once the messages already received are handled. The
   * connection handles one message per turn of the event loop, so the check waits
   * one turn more than its own: a change already queued behind this one arrives
   * first and turns the two into a burst instead of an analysis of a stale version.
   */
  schedule(uri: string): void {
    if (this.pending.get(uri)?.kind === 'soon') return;
    this.cancel(uri);
    const pending: Soon = {
      kind: 'soon',
      handle: setImmediate(() => {
        pending.handle = setImmediate(() => {
          this.pending.delete(uri);
          void this.validateOpen(uri);
        });
      }),
    };
    this.pending.set(uri, pending);
  }

  /** Re-checks every open document (the index or the settings changed), and closed files already published. */
  scheduleAll(except?: string): void {
    for (const document of this.state.documents.all()) if (document.uri !== except) this.schedule(document.uri);
    for (const path of this.state.publishedClosed) void this.publishClosed(path);
  }

  /**
   * After the typing pauses in a file that other documents depend on (an entrypoint
   * script, a `.graceful.yaml`), applies its change and re-checks the open documents:
   * each such pause re-checks every open document, so it waits for the typing to stop.
   */
  scheduleDependencyChange(uri: string, apply: () => void): void {
    clearTimeout(this.dependencyTimers.get(uri));
    this.dependencyTimers.set(
      uri,
      setTimeout(() => {
        this.dependencyTimers.delete(uri);
        apply();
        this.scheduleAll();
      }, VALIDATION_DELAY_MS),
    );
  }

  private cancel(uri: string): void {
    const pending = this.pending.get(uri);
    if (pending?.kind === 'soon') clearImmediate(pending.handle);
    else if (pending) clearTimeout(pending.handle);
    this.pending.delete(uri);
  }

  /**
   * Checks an open document and publishes its diagnostics. One check per document at a time: a check
   * asked for while one runs (it waits for indexing, settings, the preview's write) follows it, instead
   * of both previewing and analysing the same version.
   */
  async validateOpen(uri: string): Promise<void> {
    const running = this.running.get(uri);
    if (running) {
      running.again = true;
      return;
    }
    const run = { again: false };
    this.running.set(uri, run);
    try {
      await this.checkOpen(uri);
    } finally {
      this.running.delete(uri);
    }
    if (run.again) this.schedule(uri);
  }

  private async checkOpen(uri: string): Promise<void> {
    const { state } = this;
    const document = state.documents.get(uri);
    if (!document) return;
    const version = document.version;
    const path = state.paths.pathOf(uri);
    // Opened while the workspace is being indexed: checked once the other files' facts are in.
    await state.initialIndexing;
    const settings = await state.settingsFor(path);
    const current = state.documents.get(uri);
    if (!current || current.version !== version) return;
    const started = performance.now();
    const wanted = settings.enable && !settings.excluded;
    if (wanted && (await this.publishPreview(uri, path, current.getText(), version, settings)) && state.documents.get(uri)?.version !== version) return;
    if (state.syncDocument(current)) this.scheduleAll(uri);
    this.state.publishedClosed.delete(path);
    const diagnostics = wanted ? this.diagnosticsOf(path, current.getText(), settings) : [];
    void state.connection.sendDiagnostics({ uri, version, diagnostics });
    this.pacer.analysed(uri, performance.now() - started);
    // The document applies each change through its line table, built on first use: a scan of the whole
    // text (8 ms for 800 KB), paid now that the diagnostics are out rather than by the first keystroke.
    void current.lineCount;
  }

  /**
   * A large file the analyzer does not hold yet (just opened): the diagnostics of its first screens
   * go out first. Resolves once they are written (the connection writes asynchronously, so they
   * would otherwise wait for the whole file's analysis); whether there were any.
   */
  private async publishPreview(uri: string, path: string, text: string, version: number, settings: DocumentSettings): Promise<boolean> {
    if (text.length < PREVIEW_MIN_CHARS) return false;
    const preview = this.state.analyzer.previewLeadingDocuments(path, text, PREVIEW_CHARS, settings.analysis);
    if (!preview) return false;
    await this.state.connection.sendDiagnostics({ uri, version, diagnostics: this.diagnosticsOf(path, text, settings, preview) });
    return true;
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
    const diagnostics = text !== undefined && settings.enable && !settings.excluded ? this.diagnosticsOf(path, text, settings) : [];
    if (text === undefined) this.state.publishedClosed.delete(path);
    else this.state.publishedClosed.add(path);
    void state.connection.sendDiagnostics({ uri: state.paths.uriOf(path), diagnostics });
  }

  /** A document closed: its diagnostics go away, unless the workspace was linted (then they show the disk's text). */
  closed(uri: string): void {
    this.cancel(uri);
    this.pacer.forget(uri);
    const path = this.state.paths.pathOf(uri);
    if (this.workspaceLinted && this.state.analyzer.hasFile(path)) void this.publishClosed(path);
    else void this.state.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Whether a closed file's diagnostics are on show and must follow its changes. */
  isPublishedClosed(path: string): boolean {
    return this.state.publishedClosed.has(path);
  }

  private diagnosticsOf(
    path: string,
    text: string,
    settings: DocumentSettings,
    analysis = this.state.helm?.analysisFor(path, settings.analysis) ?? this.state.analyzer.analyze(path, settings.analysis),
  ): Diagnostic[] {
    const { analyzer } = this.state;
    if (!analysis) return [];
    const dockerfile = analysis.kind === 'dockerfile' ? analyzer.dockerfile(path) : undefined;
    // Next to Docker's extension, its JSONArgsRecommended warning already marks shell-form lines: ours
    // becomes a hint (fix and hover stay), unless the user chose a severity for the rule.
    const demote = (finding: Finding) =>
      this.state.dockerExtension !== undefined &&
      settings.hideDockerDuplicates &&
      dockerfile !== undefined &&
      settings.analysis.rules[finding.ruleId] === undefined &&
      duplicatedByDockerExtension(finding.ruleId, dockerfile);
    return toDiagnostics(analysis, this.state.lineTables.linesOf(path, text), this.state, this.reuse, demote);
  }
}
