import type { HelmInitializationOptions } from '../../shared/src/settings';
import * as vscode from 'vscode';

/**
 * Extensions that already warn about shell-form `CMD`/`ENTRYPOINT` (BuildKit's
 * `JSONArgsRecommended` check), so our shell-form warnings would be a second squiggle on the same line.
 */
export const DOCKER_EXTENSION_IDS = ['ms-azuretools.vscode-docker', 'docker.docker'] as const;

/**
 * What the client tells the server when it starts (LSP `initializationOptions`).
 * docs/coexistence.md says what the server does with it.
 */
export interface GracefulInitializationOptions {
  /** Id of an installed and enabled Docker extension, or null when there is none. */
  readonly dockerExtension: string | null;
  /** Which helm the server may run, and whether it may run one at all (see extension.ts). */
  readonly helm?: HelmInitializationOptions;
}

/** The first Docker extension present in this editor, if any. */
export function installedDockerExtension(): string | null {
  return DOCKER_EXTENSION_IDS.find((id) => vscode.extensions.getExtension(id) !== undefined) ?? null;
}

/** Calls `listener` when a Docker extension is installed, removed, enabled or disabled. */
export function onDockerExtensionChange(listener: () => void): vscode.Disposable {
  let current = installedDockerExtension();
  return vscode.extensions.onDidChange(() => {
    const next = installedDockerExtension();
    if (next === current) return;
    current = next;
    listener();
  });
}
