import type { DocumentFilter } from 'vscode-languageclient/node';

/**
 * Schemes whose documents the server checks: files on disk, unsaved editors, and virtual
 * workspaces (where only open documents can be analysed; cross-file facts need files on disk).
 */
const SCHEMES = ['file', 'untitled', 'vscode-vfs'] as const;

/**
 * Dockerfile names VS Code may not map to the `dockerfile` language on its own (RULES.md's
 * vocabulary); listed as patterns so a user's own file associations cannot hide them from us.
 */
export const DOCKERFILE_NAME_PATTERN = '**/{Containerfile,Containerfile.*,Dockerfile.*,*.dockerfile,*.Dockerfile}';

export const HELM_HELPER_PATTERN = '**/templates/**/*.tpl';

/** The documents the language server is told about. */
export const DOCUMENT_SELECTOR: DocumentFilter[] = SCHEMES.flatMap((scheme) => [
  { scheme, language: 'yaml' },
  { scheme, language: 'dockerfile' },
  ...(scheme === 'untitled' ? [] : [{ scheme, pattern: DOCKERFILE_NAME_PATTERN }]),
  // Helm helpers: editing one re-renders its chart with the unsaved text (they get no findings of their own).
  ...(scheme === 'file' ? [{ scheme, pattern: HELM_HELPER_PATTERN }] : []),
]);
