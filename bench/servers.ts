import { join } from 'node:path';
import type { ServerSpec } from './lsp-client';
import { peerPath } from './peers';

const ROOT = join(__dirname, '..');

/** Graceful's language server as the VS Code client starts it. */
export const GRACEFUL: ServerSpec = {
  name: 'Graceful',
  command: process.execPath,
  args: [join(ROOT, 'dist/server.js'), '--stdio'],
  settings: (section) => (section === 'graceful' ? {} : undefined),
  // Each benchmark keystroke waits for the previous diagnostics, so it comes after a rest, and
  // Graceful checks a change after a rest at once (it coalesces only bursts of typing).
  debounceMs: 0,
};

/**
 * Red Hat's YAML server with syntax checks only: no schema store, no CRD store,
 * no schemas, so nothing is fetched from the network and it does what a
 * Kubernetes user gets before any schema is associated.
 */
export const YAML_LANGUAGE_SERVER: ServerSpec = {
  name: 'yaml-language-server',
  command: process.execPath,
  args: [peerPath('yaml-language-server', 'bin/yaml-language-server'), '--stdio'],
  settings: (section) => {
    if (section === 'yaml') {
      return {
        validate: true,
        hover: false,
        completion: false,
        format: { enable: false },
        schemas: {},
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
        customTags: [],
      };
    }
    if (section === 'http') return { proxy: '', proxyStrictSSL: false };
    return section === '[yaml]' || section === 'editor' ? {} : undefined;
  },
  // validationHandlers.js: `validationDelayMs = 200` before every validation, open included.
  debounceMs: 200,
};

/** rcjsuen's Dockerfile server with its default diagnostics (it validates without a delay). */
export const DOCKERFILE_LANGUAGE_SERVER: ServerSpec = {
  name: 'dockerfile-language-server',
  command: process.execPath,
  args: [peerPath('dockerfile-language-server-nodejs', 'bin/docker-langserver'), '--stdio'],
  settings: () => undefined,
  debounceMs: 0,
};
