import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type FileEvent,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { constants as osConstants } from 'node:os';
import { format } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../../package.json';
import { COMMANDS, CONFIGURATION_SECTION, GC_REQUEST, SERVER_NAME } from '../../../shared/src/protocol';
import { isRuleId, ruleDocUrl } from '../../../shared/src/rule-ids';
import { fileKindOf } from '../model/file-kind';
import { basename } from '../model/workspace-fs';
import { loadInChunks, PROGRESS_THRESHOLD, type IndexProgress } from './workspace-indexer';
import { walkAsync } from '../workspace/walk';
import { FIX_ALL_KIND, RequestHandlers } from './requests';
import { ServerState } from './server-state';
import { type ClientSection } from './settings-store';
import { CONFIG_FILE_NAME } from '../config/config-files';
import { Validator } from './validator';
import { EditorCharts } from './editor-charts';
import { ReusedBufferEncoder } from './message-encoder';
import type { HelmInitializationOptions } from '../../../shared/src/settings';

const GITIGNORE = '.gitignore';

/**
 * What the server watches on disk: manifests, Dockerfiles, configuration, ignore files, entrypoint scripts that
 * Dockerfiles copy, and what else a chart's render reads: archived subcharts (`helm dependency build` writes them),
 * its values schema, `.helmignore`, and values files in JSON.
 */
const WATCHED_GLOBS = [
  '**/templates/**/*.tpl',
  '**/charts/*.tgz',
  '**/values.schema.json',
  '**/.helmignore',
  '**/*.json',
  '**/*.{yaml,yml}',
  '**/Dockerfile*',
  '**/Containerfile*',
  '**/*.{dockerfile,Dockerfile}',
  `**/${CONFIG_FILE_NAME}`,
  `**/${GITIGNORE}`,
  '**/*.sh',
];

const IGNORED_PATH = /\/(?:\.git|node_modules)\//;

const isScript = (path: string) => path.endsWith('.sh');

/**
 * The connection on the transport named on the command line. Over `--stdio`, as editors start the
 * server, messages are written by {@link ReusedBufferEncoder}; the input stays a stream, so that the
 * library still exits when the editor closes it, and console output goes to the editor's log as the
 * library's own `--stdio` set-up sends it (standard output carries the protocol).
 */
function connect() {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const writer = new StreamMessageWriter(process.stdout, { contentTypeEncoder: new ReusedBufferEncoder() });
  // A stream and a writer: the library takes each as it finds it, but its overloads want two of a kind.
  const connection = createConnection(ProposedFeatures.all, process.stdin, writer as unknown as NodeJS.WritableStream);
  const log = (...args: unknown[]) => connection.console.log(format(...args));
  Object.assign(console, {
    log,
    info: log,
    debug: log,
    dir: log,
    trace: log,
    warn: (...args: unknown[]) => connection.console.warn(format(...args)),
    error: (...args: unknown[]) => connection.console.error(format(...args)),
  });
  return connection;
}

/**
 * Starts the Graceful language server on the transport named on the command
 * line (`--stdio`, `--node-ipc`, `--socket=N`), as `createConnection` reads it.
 */
export function startLanguageServer(): void {
  const connection = connect();
  const documents = new TextDocuments(TextDocument);
  const state = new ServerState(connection, documents);
  const validator = new Validator(state);
  state.helm = new EditorCharts(state, {
    rendered: () => validator.scheduleAll(),
    notice: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message }),
    progress: async (title) => {
      const reporter = await connection.window.createWorkDoneProgress();
      reporter.begin(title);
      return () => reporter.done();
    },
  });
  // Charts' temporary copies live as long as the server needs them: they go when it shuts down, exits or is stopped by a signal.
  const removeChartCopies = () => state.helm?.dispose();
  process.on('exit', removeChartCopies);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
    process.once(signal, () => {
      removeChartCopies();
      process.exit(128 + osConstants.signals[signal]);
    });
  connection.onShutdown(removeChartCopies);
  // For the benchmark only: a server started with --expose-gc (never the case in an editor) answers
  // this with its heap after a full collection, which tells warm-up from a leak.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) connection.onRequest(GC_REQUEST, () => (gc(), process.memoryUsage().heapUsed));
  let capabilities: ClientCapabilities = {};
  let indexing: Promise<void> = Promise.resolve();
  const justOpened = new Set<string>();
  const handlers = new RequestHandlers(state, (uri) => validator.scheduleAll(uri), {
    documentChanges: () => capabilities.workspace?.workspaceEdit?.documentChanges === true,
    resolvesEdits: () => {
      const codeAction = capabilities.textDocument?.codeAction;
      return codeAction?.dataSupport === true && codeAction.resolveSupport?.properties.includes('edit') === true;
    },
  });

  // The server must outlive any odd input: log and keep serving.
  process.on('uncaughtException', (error) => connection.console.error(`Graceful: ${error?.stack ?? String(error)}`));
  process.on('unhandledRejection', (error) => connection.console.error(`Graceful: ${(error as Error)?.stack ?? String(error)}`));

  const folderPaths = (folders: readonly WorkspaceFolder[]) => folders.map((f) => state.paths.pathOf(f.uri));

  /** The workspace files under `folders` that no ignore rule leaves out, as the CLI's walk finds them. */
  const walkFolders = async (folders: readonly string[]): Promise<string[]> => {
    const found = await walkAsync(
      folders.map((f) => state.paths.diskPath(f) ?? f),
      state.ignoreRules,
    );
    return found.files.map((p) => state.paths.pathOfDisk(p));
  };

  const indexFolders = async (folders: readonly string[]): Promise<void> => {
    await state.refreshIgnoreRules();
    const files = await walkFolders(folders);
    const progress = files.length >= PROGRESS_THRESHOLD ? await startProgress() : undefined;
    if (await loadInChunks(files, (path) => state.syncFromDisk(path), progress)) validator.scheduleAll();
    state.helm?.indexed(files);
  };

  /**
   * After a change to what may be ignored (a `.gitignore`, a `.graceful.yaml`, the editor's settings):
   * files now ignored leave the index, files no longer ignored join it. Returns whether any did.
   * Open documents join or leave when they are next checked: syncing one here would parse a
   * just-opened large file whole before its first screen is shown. An open document that the new
   * rules let in (or leave out) counts as a change, so that the check comes.
   */
  const reindex = async (): Promise<boolean> => {
    await state.refreshIgnoreRules();
    const before = new Set(state.analyzer.paths());
    for (const path of before) if (state.isIgnored(path)) state.analyzer.removeFile(path);
    const files = (await walkFolders(state.workspaceFolders)).filter((path) => !state.analyzer.hasFile(path));
    await loadInChunks(files, (path) => state.syncFromDisk(path), undefined);
    const after = [...state.analyzer.paths()];
    const openMoved = documents.all().some((d) => {
      const path = state.paths.pathOf(d.uri);
      return state.isIgnored(path) === state.analyzer.hasFile(path);
    });
    return openMoved || after.length !== before.size || after.some((path) => !before.has(path));
  };

  const startProgress = async (): Promise<IndexProgress> => {
    const reporter = await connection.window.createWorkDoneProgress();
    return {
      begin: (total) => reporter.begin('Graceful: indexing workspace', 0, `0/${total} files`, false),
      report: (done, total) => reporter.report(Math.floor((done / total) * 100), `${done}/${total} files`),
      done: () => reporter.done(),
    };
  };

  const refreshCodeLenses = () => {
    if (capabilities.workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };

  const settingsChanged = () => {
    state.clearSettings();
    state.helm?.configChanged();
    validator.scheduleAll();
    refreshCodeLenses();
    // Re-checked at once with the new settings; again when the walk finds that other files are now in or out.
    indexing = indexing
      .then(reindex)
      .then((changed) => {
        if (changed) validator.scheduleAll();
      })
      .catch((error) => connection.console.error(`Graceful: indexing failed: ${String(error)}`));
  };

  const watchedFileChanged = (event: FileEvent): { indexChanged: boolean; config: boolean; script: boolean } => {
    const path = state.paths.pathOf(event.uri);
    const none = { indexChanged: false, config: false, script: false };
    if (IGNORED_PATH.test(path)) return none;
    if (!state.fs.openDocument(path)) state.helm?.touched(path, false);
    if (basename(path) === CONFIG_FILE_NAME || basename(path) === GITIGNORE) return { ...none, config: true };
    if (isScript(path)) return { ...none, script: true, indexChanged: state.scriptChanged(path) };
    if (!fileKindOf(path) || state.fs.openDocument(path)) return none;
    const indexChanged = event.type === FileChangeType.Deleted ? state.analyzer.removeFile(path) : state.syncFromDisk(path);
    if (validator.isPublishedClosed(path)) void validator.publishClosed(path);
    return { ...none, indexChanged };
  };

  connection.onInitialize((params) => {
    capabilities = params.capabilities;
    state.pullConfiguration = capabilities.workspace?.configuration === true;
    const dockerExtension = (params.initializationOptions as { dockerExtension?: unknown } | undefined)?.dockerExtension;
    state.dockerExtension = typeof dockerExtension === 'string' ? dockerExtension : undefined;
    const rootUri = params.rootUri ?? undefined;
    state.helm?.configure((params.initializationOptions as { helm?: HelmInitializationOptions } | undefined)?.helm);
    state.workspaceFolders = params.workspaceFolders ? folderPaths(params.workspaceFolders) : rootUri ? [state.paths.pathOf(rootUri)] : [];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        executeCommandProvider: { commands: [COMMANDS.serverLintWorkspace] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SERVER_NAME, version },
    };
  });

  connection.onInitialized(() => {
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = folderPaths(event.removed);
        state.workspaceFolders = [...state.workspaceFolders.filter((f) => !removed.includes(f)), ...folderPaths(event.added)];
        let changed = false;
        for (const path of [...state.analyzer.paths()]) {
          if (removed.some((f) => path.startsWith(`${f}/`)) && !state.fs.openDocument(path)) changed = state.analyzer.removeFile(path) || changed;
        }
        if (changed) validator.scheduleAll();
        indexing = indexing.then(() => indexFolders(folderPaths(event.added)));
      });
    }
    indexing = indexFolders(state.workspaceFolders).catch((error) => connection.console.error(`Graceful: indexing failed: ${String(error)}`));
    state.initialIndexing = indexing;
  });

  documents.onDidOpen((event) => justOpened.add(event.document.uri));
  documents.onDidChangeContent((event) => {
    const { uri, languageId } = event.document;
    const path = state.paths.pathOf(uri);
    if (isScript(path) || languageId === 'shellscript') {
      // An entrypoint script being edited: the Dockerfiles that run it read its unsaved text.
      justOpened.delete(uri);
      validator.scheduleDependencyChange(uri, () => state.scriptChanged(path));
      return;
    }
    if (basename(path) === CONFIG_FILE_NAME) validator.scheduleDependencyChange(uri, settingsChanged);
    const opened = justOpened.delete(uri);
    state.helm?.touched(path, opened);
    if (opened) validator.opened(uri);
    else validator.changed(uri);
  });
  documents.onDidClose((event) => {
    const path = state.paths.pathOf(event.document.uri);
    justOpened.delete(event.document.uri);
    // The disk's text takes over from the closed document.
    if (basename(path) === CONFIG_FILE_NAME) settingsChanged();
    if (isScript(path) ? state.scriptChanged(path) : state.syncFromDisk(path)) validator.scheduleAll();
    state.helm?.touched(path, false);
    validator.closed(event.document.uri);
    state.lineTables.forget(path);
    state.paths.forget(path);
  });

  connection.onDidChangeConfiguration((params) => {
    if (!state.pullConfiguration) {
      const settings = params.settings as Record<string, unknown> | null | undefined;
      state.pushedSection = (settings?.[CONFIGURATION_SECTION] ?? undefined) as ClientSection | undefined;
    }
    settingsChanged();
  });

  connection.onDidChangeWatchedFiles((params) => {
    const results = params.changes.map(watchedFileChanged);
    if (results.some((r) => r.config)) settingsChanged();
    else if (results.some((r) => r.indexChanged || r.script)) validator.scheduleAll();
  });

  connection.onHover((params) => handlers.hover(params));
  connection.onCodeLens((params) => handlers.codeLens(params.textDocument.uri));
  connection.onCodeAction((params) => handlers.codeActions(params));
  connection.onCodeActionResolve((action) => handlers.resolveCodeAction(action));
  connection.onExecuteCommand(async (params) => {
    if (params.command === COMMANDS.serverLintWorkspace) {
      await indexing;
      return { files: await validator.lintWorkspace() };
    }
    const [rule] = params.arguments ?? [];
    // Clients without their own handler for the documentation command may send it here.
    if (params.command === COMMANDS.showRuleDocumentation && typeof rule === 'string' && isRuleId(rule)) {
      await connection.window.showDocument({ uri: ruleDocUrl(rule), external: true }).catch(() => undefined);
    }
    return null;
  });

  documents.listen(connection);
  connection.listen();
}
