/** Names shared by the VS Code client and the language server. */
export const SERVER_NAME = 'graceful';
export const DIAGNOSTIC_SOURCE = 'graceful';

export const COMMANDS = {
  lintWorkspace: 'graceful.lintWorkspace',
  showRuleDocumentation: 'graceful.showRuleDocumentation',
  restartServer: 'graceful.restartServer',
  /** Server-side command the client forwards for "Lint Workspace". */
  serverLintWorkspace: 'graceful.server.lintWorkspace',
} as const;

export const CONFIGURATION_SECTION = 'graceful';

/**
 * Answered only by a server started with `node --expose-gc` (the benchmark): runs a full garbage
 * collection and returns the heap then in use, in bytes.
 */
export const GC_REQUEST = '$/graceful/gc';
