import type { RuleId } from './rule-ids';

/** Severity as users write it in `.graceful.yaml`, settings and `--rule`. */
export const SEVERITIES = ['off', 'hint', 'info', 'warning', 'error'] as const;
export type SeverityName = (typeof SEVERITIES)[number];
/** A severity a finding can actually carry (an `off` rule produces none). */
export type Severity = Exclude<SeverityName, 'off'>;

export function isSeverityName(value: unknown): value is SeverityName {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/**
 * The analysis settings shared by `.graceful.yaml`, VS Code's `graceful.*`
 * settings and the CLI. Every field is resolved (defaults applied) before a rule sees it.
 */
export interface AnalysisSettings {
  readonly rules: Readonly<Partial<Record<RuleId, SeverityName>>>;
  /** preStop sleep inserted by fixes. */
  readonly preStopSeconds: number;
  /** The app's drain time R when no shutdown timeout is detected. */
  readonly drainSeconds: number;
  /** Liveness `initialDelaySeconds` from which a startupProbe is recommended. */
  readonly slowStartSeconds: number;
  /** Target cluster version, `major.minor`: decides whether the native preStop `sleep` action exists. */
  readonly kubernetesVersion: string;
  readonly readinessPath: string;
  readonly livenessPath: string;
  /** Globs of paths (relative to the config file's folder) that are never analysed. */
  readonly ignore: readonly string[];
}

export const DEFAULT_SETTINGS: AnalysisSettings = {
  rules: {},
  preStopSeconds: 15,
  drainSeconds: 15,
  slowStartSeconds: 30,
  kubernetesVersion: '1.30',
  readinessPath: '/readyz',
  livenessPath: '/livez',
  ignore: [],
};

/** Keys a `.graceful.yaml` or the `graceful.*` settings may carry, with their value shape. */
export const SETTING_KINDS = {
  rules: 'rules',
  preStopSeconds: 'seconds',
  drainSeconds: 'seconds',
  slowStartSeconds: 'seconds',
  kubernetesVersion: 'version',
  readinessPath: 'path',
  livenessPath: 'path',
  ignore: 'globs',
} as const satisfies Record<keyof AnalysisSettings, string>;

/**
 * What the client tells the server about Helm in `initializationOptions.helm`: the user's (or
 * machine's) `graceful.helm.path`, never a workspace value, and whether the workspace is trusted.
 */
export interface HelmInitializationOptions {
  readonly path?: string;
  /** VS Code's workspace trust; clients without trust (Neovim) leave it out, which counts as trusted. */
  readonly trusted?: boolean;
  /** `graceful.helm.enable`: false checks charts as written. */
  readonly enable?: boolean;
}
