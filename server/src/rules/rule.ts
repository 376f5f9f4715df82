import type { Dockerfile } from 'dockerfile-ast';
import type { RuleId } from '../../../shared/src/rule-ids';
import type { AnalysisSettings, Severity } from '../../../shared/src/settings';
import type { YamlEditor } from '../fix/yaml-edit';
import type { K8sObject } from '../model/k8s-object';
import type { Pid1Analysis } from '../model/pid1';
import type { PodSpecRef } from '../model/pod-spec';
import type { WorkspaceFs } from '../model/workspace-fs';
import type { WorkspaceIndex } from '../model/workspace-index';
import type { YamlDocument, YamlFile } from '../parse/yaml-file';
import type { RuleFinding } from '../types';

/**
 * What users and tools read about a rule: the CLI's `rules`, SARIF, hovers. The documentation
 * itself is the hand-written page `docs/rules/<id>.md` (bundled by `npm run generate`, read
 * through `rulePage`); its URL comes from the id (`ruleDocUrl`).
 */
export interface RuleMeta {
  readonly id: RuleId;
  readonly defaultSeverity: Severity;
  /** Short title, a sentence fragment (`Container has no preStop delay`). */
  readonly title: string;
  /** One line: what it catches. */
  readonly summary: string;
  readonly fixable: boolean;
  /**
   * Whether the rule judges what an object lacks or adds up (so it cannot run on a
   * kustomize patch, which is only a fragment of the object).
   */
  readonly needsCompleteObject: boolean;
}

export interface KubernetesContext {
  readonly path: string;
  readonly file: YamlFile;
  readonly document: YamlDocument;
  readonly object: K8sObject;
  /** The object's pod spec, when it has one. */
  readonly pod: PodSpecRef | undefined;
  readonly index: WorkspaceIndex;
  readonly settings: AnalysisSettings;
  readonly editor: YamlEditor;
  readonly fs: WorkspaceFs;
}

export interface DockerfileContext {
  readonly path: string;
  readonly text: string;
  readonly dockerfile: Dockerfile;
  /** What PID 1 will be in the final stage: computed once per pass, shared by the Dockerfile rules. */
  readonly pid1: Pid1Analysis;
  readonly index: WorkspaceIndex;
  readonly settings: AnalysisSettings;
  readonly fs: WorkspaceFs;
}

/** One rule: its metadata, its checks and (inside the findings) its fixes. */
export interface Rule {
  readonly meta: RuleMeta;
  /** Called once per Kubernetes object (items of a List included). */
  checkKubernetes?(context: KubernetesContext): readonly RuleFinding[];
  /** Called once per Dockerfile. */
  checkDockerfile?(context: DockerfileContext): readonly RuleFinding[];
}
