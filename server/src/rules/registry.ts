import { POD_SPEC_KINDS } from '../model/pod-spec';
import type { Rule } from './rule';
import { rule as shellFormCmd } from './shell-form-cmd';
import { rule as shellFormEntrypoint } from './shell-form-entrypoint';
import { rule as shellWrapperWithoutExec } from './shell-wrapper-without-exec';
import { rule as entrypointScriptWithoutExec } from './entrypoint-script-without-exec';
import { rule as missingPrestop } from './missing-prestop';
import { rule as gracePeriodShortfall } from './grace-period-shortfall';
import { rule as misplacedShutdownField } from './misplaced-shutdown-field';
import { rule as livenessChecksDependencies } from './liveness-checks-dependencies';
import { rule as livenessEqualsReadiness } from './liveness-equals-readiness';
import { rule as missingReadinessProbe } from './missing-readiness-probe';
import { rule as missingStartupProbe } from './missing-startup-probe';
import { rule as missingPdb } from './missing-pdb';
import { rule as pdbBlocksEviction } from './pdb-blocks-eviction';
import { rule as rolloutMaxUnavailable } from './rollout-max-unavailable';
import { rule as missingMinReadySeconds } from './missing-min-ready-seconds';
import { rule as execOnMinimalImage } from './exec-on-minimal-image';
import { rule as imageRunsShellForm } from './image-runs-shell-form';

/** Every rule, in catalog order. Adding a rule: its file, its tests, one line here. */
export const RULES: readonly Rule[] = [
  shellFormCmd,
  shellFormEntrypoint,
  shellWrapperWithoutExec,
  entrypointScriptWithoutExec,
  missingPrestop,
  gracePeriodShortfall,
  misplacedShutdownField,
  livenessChecksDependencies,
  livenessEqualsReadiness,
  missingReadinessProbe,
  missingStartupProbe,
  missingPdb,
  pdbBlocksEviction,
  rolloutMaxUnavailable,
  missingMinReadySeconds,
  execOnMinimalImage,
  imageRunsShellForm,
];

/**
 * The kinds the Kubernetes rules above look at: workloads and PodDisruptionBudgets.
 * Documents of other kinds are skipped without being parsed. A rule that starts
 * reading another kind must add it here (test/unit/rule-kinds.test.ts checks the rules against it).
 */
export const KINDS_READ_BY_RULES: ReadonlySet<string> = new Set([...POD_SPEC_KINDS, 'PodDisruptionBudget']);

/**
 * The kinds whose rules ask what other documents' workloads are (pdb-blocks-eviction: the replicas a
 * PodDisruptionBudget covers, through `workloadsMatching` and `hasWorkloadWithUnknownLabels`). No rule on a
 * workload asks, so a file of workloads alone can be checked before the workspace's other workloads are read:
 * the CLI checks such files as it parses them and lets the parses go (cli/disk-workspace.ts). A rule on a
 * workload that starts asking about other workloads ends that; test/cli/unread-files-differential.test.ts
 * compares the CLI's report with an analysis of the whole workspace.
 */
export const KINDS_ASKING_ABOUT_WORKLOADS: ReadonlySet<string> = new Set(['PodDisruptionBudget']);
