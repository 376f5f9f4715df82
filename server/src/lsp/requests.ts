import {
  CodeActionKind,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type Diagnostic,
  type Hover,
  type HoverParams,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE } from '../../../shared/src/protocol';
import { chartFixAllAction, codeActionsFor, findingFor, fixAllAction, type FileAction, type FindingRef } from '../features/code-actions';
import { timelineLenses } from '../features/code-lens';
import { hoverAt } from '../features/hover';
import { LineIndex } from '../parse/line-index';
import type { FileEdits, TextEdit } from '../types';
import { toRange } from './diagnostics';
import type { ServerState } from './server-state';

/** The kind of the "fix everything" source action; `source.fixAll` on save asks for it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${DIAGNOSTIC_SOURCE}`;

/** Whether a requested kind (`source`, `source.fixAll`, `quickfix`) covers `kind`. */
const covers = (requested: string, kind: string) => kind === requested || kind.startsWith(`${requested}.`);

/** What the client supports, as its capabilities say. */
export interface ClientSupport {
  /** Workspace edits with versioned `documentChanges`. */
  documentChanges(): boolean;
  /** `codeAction/resolve` filling in a code action's `edit`, and `data` kept on code actions. */
  resolvesEdits(): boolean;
}

/** How many offered actions keep their pending edits for `codeAction/resolve` (the oldest go first). */
const LAZY_ACTIONS_KEPT = 256;

/** What a code action whose edits are computed on resolve carries. */
interface LazyActionData {
  readonly lazyId: number;
}

function isLazyActionData(value: unknown): value is LazyActionData {
  const d = value as Partial<LazyActionData> | null;
  return typeof d === 'object' && d !== null && typeof d.lazyId === 'number';
}

/**
 * Translates the pure features into LSP answers. Every handler first brings the
 * analyzer up to date with the document, so actions are computed against the
 * text the user sees, and answers null/empty for documents it does not hold.
 */
export class RequestHandlers {
  /** Edits of code actions offered but not computed yet, by the id their `data` carries, with the document version they are for. */
  private readonly lazyActions = new Map<number, { readonly uri: string; readonly version: number; readonly edits: () => readonly TextEdit[] | undefined }>();
  private nextLazyId = 0;

  constructor(
    private readonly state: ServerState,
    /** Called when bringing a document up to date changed the workspace index. */
    private readonly onIndexChanged: (uri: string) => void,
    private readonly client: ClientSupport,
  ) {}

  private current(uri: string): { document: TextDocument; path: string; lines: LineIndex } | undefined {
    const document = this.state.documents.get(uri);
    if (!document) return undefined;
    if (this.state.syncDocument(document)) this.onIndexChanged(uri);
    const path = this.state.paths.pathOf(uri);
    // A rendered chart's template is not in the analyser (its render is), but has findings and fixes.
    if (!this.state.analyzer.hasFile(path) && !this.state.helm?.replaces(path)) return undefined;
    return { document, path, lines: this.state.lineTables.linesOf(path, document.getText()) };
  }

  async hover(params: HoverParams): Promise<Hover | null> {
    const found = this.current(params.textDocument.uri);
    if (!found || params.position.line >= found.lines.lineCount) return null;
    const settings = await this.state.settingsFor(found.path);
    if (!settings.enable || settings.excluded || found.document.version !== this.state.documents.get(found.document.uri)?.version) return null;
    const offset = found.lines.offsetAt(params.position);
    // A rendered chart's template is not in the analyser: its hover reads the render.
    const info = this.state.helm?.replaces(found.path)
      ? this.state.helm.templateHover(found.path, offset, settings.analysis)
      : hoverAt(this.state.analyzer, found.path, offset, settings.analysis, this.state.fs);
    return info ? { contents: { kind: 'markdown', value: info.markdown }, range: toRange(found.lines, info.range) } : null;
  }

  async codeLens(uri: string): Promise<CodeLens[]> {
    const found = this.current(uri);
    if (!found) return [];
    const settings = await this.state.settingsFor(found.path);
    if (!settings.enable || !settings.codeLens || settings.excluded) return [];
    // An empty command id: the lens is a label, there is nothing to run.
    return timelineLenses(this.state.analyzer, found.path, settings.analysis).map((lens) => ({
      range: toRange(found.lines, lens.range),
      command: { title: lens.title, command: '' },
    }));
  }

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const { analysis: settings } = await this.state.settingsFor(this.state.paths.pathOf(params.textDocument.uri));
    const found = this.current(params.textDocument.uri);
    if (!found) return [];
    const { document, path, lines } = found;
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (!only || only.some((k) => covers(k, CodeActionKind.QuickFix))) {
      const analysis = this.state.helm?.analysisFor(path, settings) ?? this.state.analyzer.analyze(path, settings);
      const titles = new Set<string>();
      for (const diagnostic of params.context.diagnostics ?? []) {
        const ref = analysis && refOf(diagnostic);
        const finding = ref && findingFor(analysis, ref, lines);
        if (!finding) continue;
        const fileActions =
          this.state.helm?.templateActions(path, finding, document.getText(), analysis.findings) ??
          codeActionsFor(this.state.analyzer, path, finding, settings, { analysis, lines });
        for (const action of fileActions) {
          // Actions for the rule as a whole (fix all, ignore in file, docs) appear once for several diagnostics.
          if (titles.has(action.title)) continue;
          titles.add(action.title);
          const out = this.toCodeAction(action, found, [diagnostic]);
          if (out) actions.push(out);
        }
      }
    }
    if (only?.some((k) => covers(k, FIX_ALL_KIND))) {
      const helm = this.state.helm;
      const fixAll =
        helm?.replaces(path) && helm.charts.renderedText(path) === document.getText()
          ? chartFixAllAction(helm.analysisFor(path, settings)?.findings ?? [], path, (p) => (p === path ? document.getText() : this.state.fs.readText(p)))
          : fixAllAction(this.state.analyzer, path, settings);
      const out = fixAll && this.toCodeAction(fixAll, found, undefined);
      if (out) actions.push(out);
    }
    return actions;
  }

  /** `codeAction/resolve`: the edits of an action offered with none, if its document is still at that version. */
  resolveCodeAction(action: CodeAction): CodeAction {
    const lazy = isLazyActionData(action.data) ? this.lazyActions.get(action.data.lazyId) : undefined;
    const found = lazy && this.current(lazy.uri);
    if (!lazy || !found || found.document.version !== lazy.version) return action;
    const edits = lazy.edits();
    const edit = edits && this.workspaceEdit(found, edits);
    return edit ? { ...action, edit } : action;
  }

  /** The LSP code action; undefined for an action whose edits, computed now, turn out to change nothing. */
  private toCodeAction(
    action: FileAction,
    target: { document: TextDocument; lines: LineIndex },
    diagnostics: Diagnostic[] | undefined,
  ): CodeAction | undefined {
    const kind = action.kind === 'source.fixAll' ? FIX_ALL_KIND : CodeActionKind.QuickFix;
    const out: CodeAction = { title: action.title, kind };
    if (diagnostics) out.diagnostics = diagnostics;
    if (action.preferred) out.isPreferred = true;
    let edits = action.edits;
    if (action.lazyEdits && this.client.resolvesEdits()) {
      out.data = this.keepLazy(target.document, action.lazyEdits);
    } else if (action.lazyEdits) {
      edits = action.lazyEdits();
      if (!edits) return undefined;
    }
    if (edits) {
      const edit = this.workspaceEdit(target, edits, action.otherFiles ?? []);
      if (!edit) return undefined;
      out.edit = edit;
    }
    if (action.command) out.command = { title: action.title, command: action.command.id, arguments: [...action.command.arguments] };
    return out;
  }

  /**
   * One edit of the document and of other files (a chart's `values.yaml`: its open version, else its text on
   * disk, as the fix was computed against). Undefined when another file cannot be read any more.
   */
  private workspaceEdit(
    { document, lines }: { document: TextDocument; lines: LineIndex },
    edits: readonly TextEdit[],
    otherFiles: readonly FileEdits[] = [],
  ): WorkspaceEdit | undefined {
    const files: { uri: string; version: number | null; edits: LspTextEdit[] }[] = [];
    if (edits.length > 0 || otherFiles.length === 0)
      files.push({ uri: document.uri, version: document.version, edits: edits.map((e) => ({ range: toRange(lines, e.range), newText: e.newText })) });
    for (const other of otherFiles) {
      const text = this.state.fs.readText(other.path);
      if (text === undefined) return undefined;
      const table = new LineIndex(text);
      files.push({
        uri: this.state.paths.uriOf(other.path),
        version: this.state.fs.openDocument(other.path)?.version ?? null,
        edits: other.edits.map((e) => ({ range: toRange(table, e.range), newText: e.newText })),
      });
    }
    if (this.client.documentChanges()) return { documentChanges: files.map((f) => TextDocumentEdit.create({ uri: f.uri, version: f.version }, f.edits)) };
    return { changes: Object.fromEntries(files.map((f) => [f.uri, f.edits])) };
  }

  private keepLazy(document: TextDocument, edits: () => readonly TextEdit[] | undefined): LazyActionData {
    const lazyId = ++this.nextLazyId;
    this.lazyActions.set(lazyId, { uri: document.uri, version: document.version, edits });
    const [oldest] = this.lazyActions.keys();
    if (this.lazyActions.size > LAZY_ACTIONS_KEPT && oldest !== undefined) this.lazyActions.delete(oldest);
    return { lazyId };
  }
}

/** What a diagnostic of ours shows of its finding (none for another source's). */
function refOf(diagnostic: Diagnostic | null): FindingRef | undefined {
  if (diagnostic?.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string' || !diagnostic.range) return undefined;
  return { ruleId: diagnostic.code, range: diagnostic.range, message: diagnostic.message };
}
