import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { RULE_IDS, type RuleId } from '../../shared/src/rule-ids';
import type { AnalysisSettings, Severity } from '../../shared/src/settings';
import { settingsId } from './config/settings-key';
import { annotationSilenced, isSilenced, parseSuppressions, type Silenced, type Suppressions } from './config/suppressions';
import { YamlEditor } from './fix/yaml-edit';
import { dockerfileFacts } from './model/facts/dockerfiles';
import { fileKindOf, type FileKind } from './model/file-kind';
import { objectsOf } from './model/k8s-object';
import { analyzePid1, type Pid1Analysis } from './model/pid1';
import { POD_SPEC_KINDS, podSpecOf } from './model/pod-spec';
import { dirname, type WorkspaceFs } from './model/workspace-fs';
import { EMPTY_FACTS, WorkspaceIndex, type FactsKey, type FileFacts } from './model/workspace-index';
import { FACT_OBJECT_KINDS, yamlFacts } from './model/yaml-facts';
import { LineIndex } from './parse/line-index';
import { parseYamlFile, skippable, yamlLineIndex, type YamlDocument, type YamlFile } from './parse/yaml-file';
import { KINDS_READ_BY_RULES, RULES } from './rules/registry';
import type { Rule } from './rules/rule';
import { firstSignalProblem } from './rules/support/shell-verdict';
import type { FileProblem, Finding, OffsetRange, RuleFinding, TextEdit } from './types';

/** Files above this size are reported and skipped: a linter must not stall an editor or CI. */
export const MAX_FILE_CHARS = 10 * 1024 * 1024;

/** The problem said of a file over {@link MAX_FILE_CHARS} (`size` in characters, or bytes before reading). */
export function tooLarge(size: number): string {
  return `file too large to analyse (${(size / 1048576).toFixed(1)} MiB; the limit is ${MAX_FILE_CHARS / 1048576} MiB)`;
}

/** Why a text is not analysed at all (too large, binary), or undefined. */
function fileProblem(text: string): string | undefined {
  if (text.length > MAX_FILE_CHARS) return tooLarge(text.length);
  return text.slice(0, 8192).includes('\0') ? 'binary file (it holds NUL bytes): skipped' : undefined;
}

/** How many parses of files that are not retained stay in memory (see `retainParse`). */
const RECENT_PARSES = 16;

export interface AnalyzerOptions {
  readonly fs: WorkspaceFs;
  /** Told once per rule and file kind when a rule throws; the rule yields nothing there. */
  readonly onRuleError?: (rule: RuleId, path: string, error: unknown) => void;
  readonly rules?: readonly Rule[];
  /**
   * Whether to keep a file's parse between calls (default: always). Parse trees are most of the
   * memory; a server keeps them for open documents only and re-parses others when asked to.
   */
  readonly retainParse?: (path: string) => boolean;
  /**
   * Which YAML syntax errors are file problems: all (`true`, the default); none (`false`: an editor
   * whose YAML extension already shows them); or `'read'`, those of the documents that the rules or
   * the index read. Unless all are wanted, documents of kinds nothing reads are never parsed.
   */
  readonly syntaxProblems?: boolean | 'read';
  /** The kinds the rules read (default: the registry's for its rules; every kind for other rule sets). */
  readonly ruleKinds?: ReadonlySet<string>;
  /**
   * Whether to keep the parses of documents that only the index reads (Services, HPAs, kustomizations) once their
   * facts are taken (default: yes; a later reader parses them again). The CLI, which checks each file once, lets
   * them go at once: parse trees kept until the report are most of its garbage collection.
   */
  readonly keepFactOnlyParses?: boolean;
}

export interface FileAnalysis {
  readonly path: string;
  readonly kind: FileKind;
  readonly findings: readonly Finding[];
  readonly problems: readonly FileProblem[];
}

/**
 * Moves the findings of a cached document to where the document is now (see `shiftResults`). An edit at
 * the top of a chart moves the findings of every document below it: their diagnostics need only the moved
 * offsets, so moved copies (ranges, related locations, fixes) are built only when someone asks for the
 * analysis' findings themselves (code actions, fix all, hovers).
 */
export interface FindingMover {
  /** An offset of the finding's own file, as it is now. */
  offset(o: number): number;
  /** A range of the finding's own file, as it is now. */
  range(r: OffsetRange): OffsetRange;
  /** The finding as it is now. */
  finding(f: Finding): Finding;
}

/** A finding of an analysis as computed, with the mover that places it in the current text (none: it is in place). */
export interface PlacedFinding {
  readonly finding: Finding;
  readonly mover: FindingMover | undefined;
  /** Where the finding starts in the current text. */
  readonly start: number;
}

const placements = new WeakMap<FileAnalysis, readonly PlacedFinding[]>();

/** An analysis whose findings are built from placed ones when first read. */
function placedAnalysis(path: string, kind: FileKind, placed: readonly PlacedFinding[], problems: readonly FileProblem[]): FileAnalysis {
  let findings: readonly Finding[] | undefined;
  const analysis: FileAnalysis = {
    path,
    kind,
    get findings() {
      return (findings ??= placed.map(({ finding, mover }) => (mover ? mover.finding(finding) : finding)));
    },
    problems,
  };
  placements.set(analysis, placed);
  return analysis;
}

/** An analysis' findings, placed, without building moved copies: what publishing diagnostics reads on every keystroke. */
export function placedFindings(analysis: FileAnalysis): readonly PlacedFinding[] {
  return placements.get(analysis) ?? analysis.findings.map((finding) => ({ finding, mover: undefined, start: finding.range.start }));
}

/** A what-if analysis of a text that the analyzer does not hold (see `analyzeText`). */
export interface TextAnalysis extends FileAnalysis {
  /** YAML syntax errors of the masked text, also those hidden from users: a fix must not add any. */
  readonly syntaxErrors: number;
}

/** YAML syntax errors in a parsed file (templated documents included). */
export function syntaxErrorCount(yaml: YamlFile | undefined): number {
  return yaml?.documents.reduce((sum, d) => sum + d.doc.errors.length, 0) ?? 0;
}

interface FileState {
  readonly path: string;
  readonly kind: FileKind;
  readonly text: string;
  readonly yaml: YamlFile | undefined;
  readonly dockerfile: Dockerfile | undefined;
  readonly problems: readonly FileProblem[];
  /** The parse was dropped after the facts were taken (`retainParse`); `parsed()` restores it. */
  readonly parseDropped: boolean;
}

/**
 * The analysis core: holds the workspace's files and their cross-file index,
 * and checks one file at a time. Pure apart from `fs` reads: text in, findings
 * (with fixes as text edits) out. The CLI, the language server and the tests all use it.
 */
export class Analyzer {
  readonly index = new WorkspaceIndex();
  private readonly files = new Map<string, FileState>();
  private readonly reportedErrors = new Set<string>();
  private readonly rules: readonly Rule[];
  private readonly ruleKinds: ReadonlySet<string> | undefined;
  /** The kinds the rules or the index read: documents of other kinds are parsed only for their syntax errors. */
  private readonly readKinds: ReadonlySet<string> | undefined;
  private readonly documentCache = new WeakMap<object, CachedResults>();
  /** The split (and partly parsed) text of the last {@link previewLeadingDocuments}, for the `setFile` that follows. */
  private preview: { readonly path: string; readonly yaml: YamlFile } | undefined;
  /** Files whose parse is kept for now although not retained, oldest first. */
  private readonly recentParses = new Set<string>();
  private readonly lastAnalysis = new WeakMap<FileState, { readonly key: AnalysisMemoKey; readonly analysis: FileAnalysis }>();
  /** Each file text's line table, built on first use (a YAML file's from its documents' own). */
  private readonly lineTables = new WeakMap<FileState, LineIndex>();
  /** The Dockerfiles each build definition file builds: their build contexts come from it. */
  private readonly builtDockerfiles = new Map<string, readonly string[]>();

  constructor(private readonly options: AnalyzerOptions) {
    this.rules = options.rules ?? RULES;
    this.ruleKinds = options.ruleKinds ?? (options.rules ? undefined : KINDS_READ_BY_RULES);
    this.readKinds = this.ruleKinds && new Set([...this.ruleKinds, ...FACT_OBJECT_KINDS]);
  }

  /**
   * Adds or replaces a file. Returns whether the workspace index changed (then
   * other files' findings may have changed too). Files of other kinds are ignored.
   */
  setFile(path: string, text: string, languageId?: string): boolean {
    const kind = fileKindOf(path, languageId);
    if (!kind) return this.removeFile(path);
    const previous = this.files.get(path);
    if (previous && previous.text === text && previous.kind === kind) return false;
    const state = this.load(path, kind, text, previous?.parseDropped ? undefined : previous);
    const { facts, key } = this.factsOf(state);
    if (this.options.keepFactOnlyParses === false) for (const d of state.yaml?.documents ?? []) if (skippable(d, this.ruleKinds)) d.chunk.dropParse();
    this.files.set(path, state);
    if (!this.retains(path)) this.keepRecent(path);
    const changed = this.index.update(path, facts, key);
    return (
      this.refreshBuilt(
        path,
        facts.imageBuilds.map((b) => b.dockerfile),
      ) || changed
    );
  }

  /**
   * A build definition (compose, skaffold) sets the build context of the Dockerfiles it names,
   * which decides the entrypoint scripts they copy: re-derive their facts when what it names changes.
   */
  private refreshBuilt(path: string, dockerfiles: readonly string[]): boolean {
    const before = this.builtDockerfiles.get(path) ?? [];
    if (dockerfiles.length > 0) this.builtDockerfiles.set(path, dockerfiles);
    else this.builtDockerfiles.delete(path);
    let changed = false;
    for (const dockerfile of new Set([...before, ...dockerfiles]))
      if (this.files.get(dockerfile)?.kind === 'dockerfile') changed = this.refreshFacts(dockerfile) || changed;
    return changed;
  }

  /**
   * Re-derives a file's facts from its current text: a Dockerfile's facts also depend on
   * the entrypoint scripts of its build context, which change without the Dockerfile.
   * Returns whether the workspace index changed.
   */
  refreshFacts(path: string): boolean {
    const state = this.parsed(path);
    if (!state) return false;
    const { facts, key } = this.factsOf(state);
    return this.index.update(path, facts, key);
  }

  removeFile(path: string): boolean {
    this.files.delete(path);
    this.recentParses.delete(path);
    const changed = this.index.remove(path);
    return this.refreshBuilt(path, []) || changed;
  }

  hasFile(path: string): boolean {
    return this.files.has(path);
  }

  paths(): IterableIterator<string> {
    return this.files.keys();
  }

  text(path: string): string | undefined {
    return this.files.get(path)?.text;
  }

  /**
   * The line table of `text` when it is what the analyzer holds for `path` (else undefined):
   * the one its fixes were computed with, so that an editor does not scan the text again.
   */
  lineIndex(path: string, text: string): LineIndex | undefined {
    const state = this.files.get(path);
    return state?.text === text ? this.linesOf(state) : undefined;
  }

  private linesOf(state: FileState): LineIndex {
    let lines = this.lineTables.get(state);
    if (!lines) {
      lines = state.yaml ? yamlLineIndex(state.yaml) : new LineIndex(state.text);
      this.lineTables.set(state, lines);
    }
    return lines;
  }

  yamlFile(path: string): YamlFile | undefined {
    return this.parsed(path)?.yaml;
  }

  dockerfile(path: string): Dockerfile | undefined {
    return this.parsed(path)?.dockerfile;
  }

  /** The kind of each document of a YAML file that neither the rules nor the index read (CRDs, ConfigMaps, RBAC). */
  unreadKinds(path: string): string[] {
    return this.unreadKindsOf(this.parsed(path)?.yaml?.documents ?? []);
  }

  private unreadKindsOf(documents: readonly YamlDocument[]): string[] {
    return documents.flatMap((d) => (d.rootKind !== undefined && skippable(d, this.readKinds) ? [d.rootKind] : []));
  }

  private retains(path: string): boolean {
    return this.options.retainParse?.(path) ?? true;
  }

  /**
   * Keeps the last few parses of files that are not retained (an editor indexes a file and then
   * opens it), dropping older ones: memory stays bounded by the retained files plus this many.
   */
  private keepRecent(path: string): void {
    this.recentParses.delete(path);
    this.recentParses.add(path);
    for (const old of this.recentParses) {
      if (this.recentParses.size <= RECENT_PARSES) break;
      this.recentParses.delete(old);
      const state = this.files.get(old);
      if (!state || state.parseDropped || this.retains(old)) continue;
      this.files.set(old, { ...state, yaml: undefined, dockerfile: undefined, parseDropped: state.yaml !== undefined || state.dockerfile !== undefined });
    }
  }

  /** A file's state with its parse, re-parsing a dropped one (and keeping it if the file is now retained). */
  private parsed(path: string): FileState | undefined {
    const state = this.files.get(path);
    if (!state?.parseDropped) return state;
    const reloaded = this.load(path, state.kind, state.text, undefined);
    this.files.set(path, reloaded);
    if (!this.retains(path)) this.keepRecent(path);
    return reloaded;
  }

  /**
   * A first look at a YAML text that the analyzer does not hold yet: the findings of its leading
   * documents (up to the first that starts at `limit`), computed before the rest of the file is
   * parsed, so that an editor can show the first screen while the whole file is checked. Exact:
   * it covers only workloads and kinds no rule reads, and the checks of a workload read the
   * workspace's PodDisruptionBudgets, autoscalers, Services, images and kustomize patches, whose
   * facts it takes in full (this file's included); of this file, only the workloads after the
   * leading documents stay unparsed. Undefined when no leading document is a workload. The
   * `setFile` that follows reuses its parse. `checkedEnd`: where the documents it did not check begin.
   * Also for a file the analyzer holds with this very text but without its parse (read from the
   * disk by workspace indexing, then opened): the index already has all its facts.
   */
  previewLeadingDocuments(path: string, text: string, limit: number, settings: AnalysisSettings): (FileAnalysis & { readonly checkedEnd: number }) | undefined {
    const held = this.files.get(path);
    if (held && !(held.parseDropped && held.text === text)) return undefined;
    if (fileKindOf(path) !== 'yaml' || fileProblem(text) !== undefined) return undefined;
    const yaml = parseYamlFile(text);
    let leading = 0;
    for (const document of yaml.documents) {
      if (document.start >= limit || (!isWorkload(document) && !skippable(document, this.ruleKinds))) break;
      leading++;
    }
    const checked = yaml.documents.slice(0, leading);
    if (!checked.some(isWorkload)) return undefined;
    this.preview = { path, yaml };
    const state: FileState = { path, kind: 'yaml', text, yaml, dockerfile: undefined, problems: [], parseDropped: false };
    return {
      ...this.analyzeState(path, state, settings, held ? this.index : this.indexWithLeading(path, yaml, leading), checked),
      checkedEnd: yaml.documents[leading]?.start ?? text.length,
    };
  }

  /**
   * The index with a new file's facts but for its workloads after the `leading` documents, as a what-if copy:
   * the workspace's own index (and every cached result keyed on it) stays as it is.
   */
  private indexWithLeading(path: string, yaml: YamlFile, leading: number): WorkspaceIndex {
    const known = yaml.documents.filter((d, i) => i < leading || !isWorkload(d));
    const { facts, key } = yamlFacts(path, { text: yaml.text, documents: known });
    return this.index.withFile(path, facts, key);
  }

  private takePreview(path: string, text: string): YamlFile | undefined {
    const preview = this.preview;
    this.preview = undefined;
    return preview?.path === path && preview.yaml.text === text ? preview.yaml : undefined;
  }

  /**
   * The kinds of a YAML text's documents when the analyzer would read nothing in it: every document's
   * `kind:` line names a kind that neither the rules nor the index read, and their syntax errors are not
   * wanted. Undefined otherwise. Such a file has no facts, findings or problems, so a caller holding a
   * whole tree (the CLI) can leave it out, text and all (CRDs are most of a chart repository's bytes).
   */
  unreadFileKinds(path: string, text: string): string[] | undefined {
    if ((this.options.syntaxProblems ?? true) === true || fileKindOf(path) !== 'yaml' || fileProblem(text) !== undefined) return undefined;
    const { documents } = parseYamlFile(text);
    const kinds = this.unreadKindsOf(documents);
    return kinds.length === documents.length ? kinds : undefined;
  }

  private load(path: string, kind: FileKind, text: string, previous: FileState | undefined): FileState {
    const base = { path, kind, text, yaml: undefined, dockerfile: undefined, parseDropped: false };
    const problem = fileProblem(text);
    if (problem !== undefined) return { ...base, problems: [{ path, message: problem }] };
    if (kind === 'dockerfile') return { ...base, dockerfile: DockerfileParser.parse(text), problems: [] };
    const yaml = parseYamlFile(text, previous?.yaml ?? this.takePreview(path, text));
    const wanted = this.options.syntaxProblems ?? true;
    const checked = wanted === 'read' ? yaml.documents.filter((d) => !skippable(d, this.readKinds)) : wanted ? yaml.documents : [];
    const problems = checked.flatMap((d) => d.errors.map((e) => ({ path, message: `YAML syntax error: ${e.message}`, range: e.range })));
    return { ...base, yaml, problems };
  }

  private factsOf(state: FileState): { facts: FileFacts; key?: FactsKey } {
    if (state.yaml) return yamlFacts(state.path, state.yaml);
    if (state.dockerfile)
      return {
        facts: {
          ...EMPTY_FACTS,
          dockerfile: dockerfileFacts(state.path, state.dockerfile, this.pid1(state.path, state.dockerfile, state.text), firstSignalProblem),
        },
      };
    return { facts: EMPTY_FACTS };
  }

  /** What PID 1 is in a Dockerfile's final stage, reading scripts from the build contexts the workspace gives it. */
  pid1(path: string, dockerfile: Dockerfile, text: string): Pid1Analysis {
    const contexts = this.index.buildContextsFor(path);
    return analyzePid1(path, dockerfile, text, this.options.fs, contexts.length > 0 ? contexts : [dirname(path)]);
  }

  /**
   * Checks one file against every enabled rule, with the settings resolved for it (configuration
   * files, editor settings, CLI flags: the caller's). Undefined for a file the analyzer does not hold.
   */
  analyze(path: string, settings: AnalysisSettings): FileAnalysis | undefined {
    const state = this.parsed(path);
    if (!state) return undefined;
    // An editor asks again for the same text (diagnostics, hover, code actions): answer from the last
    // analysis while the text, the index and the settings are the same. Dockerfiles are always re-checked,
    // since their rules read entrypoint scripts that may have changed on their own.
    const key: AnalysisMemoKey = { revision: this.index.revision, settings: settingsId(settings) };
    const memo = state.yaml ? this.lastAnalysis.get(state) : undefined;
    if (memo && memo.key.revision === key.revision && memo.key.settings === key.settings) return memo.analysis;
    const analysis = this.analyzeState(path, state, settings, this.index);
    if (state.yaml) this.lastAnalysis.set(state, { key, analysis });
    return analysis;
  }

  /**
   * Checks `text` as if it were `path`'s content, against the rest of the workspace as it
   * is, and changes nothing: the file, the index and the memo stay as they were (the
   * text's own cross-file facts go into a what-if copy of the index when they differ).
   * What fix-all previews and the fixer's guards use. `languageId` as for `setFile`.
   */
  analyzeText(path: string, text: string, settings: AnalysisSettings, languageId?: string): TextAnalysis | undefined {
    const current = this.files.get(path);
    const kind = fileKindOf(path, languageId ?? current?.kind);
    if (!kind) return undefined;
    const state = this.load(path, kind, text, current?.parseDropped === false ? current : undefined);
    const { facts, key } = this.factsOf(state);
    const analysis = this.analyzeState(path, state, settings, this.index.withFile(path, facts, key));
    return { ...analysis, syntaxErrors: syntaxErrorCount(state.yaml) };
  }

  /** `index`: the workspace as the analysis sees it (a what-if copy for `analyzeText`); `checked`: the YAML documents to run the rules on (default: all). */
  private analyzeState(path: string, state: FileState, settings: AnalysisSettings, index: WorkspaceIndex, checked = state.yaml?.documents ?? []): FileAnalysis {
    const enabled = this.rules.filter((r) => (settings.rules[r.meta.id] ?? r.meta.defaultSeverity) !== 'off');
    const suppressions = parseSuppressions(state.text, state.kind);
    const lineOf = (offset: number) => this.linesOf(state).positionAt(offset).line;
    const placed: PlacedFinding[] = [];
    const emit = (rule: Rule, found: readonly Finding[], objectSilenced: Silenced | undefined, mover?: FindingMover) => {
      for (const finding of found) {
        const start = mover ? mover.offset(finding.range.start) : finding.range.start;
        if (isSilenced(objectSilenced, rule.meta.id) || suppressed(suppressions, rule.meta.id, () => lineOf(start))) continue;
        placed.push({ finding, mover, start });
      }
    };
    if (state.dockerfile) {
      const context = {
        path,
        text: state.text,
        dockerfile: state.dockerfile,
        pid1: this.pid1(path, state.dockerfile, state.text),
        index,
        settings,
        fs: this.options.fs,
      };
      for (const rule of enabled)
        if (rule.checkDockerfile)
          emit(
            rule,
            this.run(rule, path, settings, () => rule.checkDockerfile?.(context) ?? []),
            undefined,
          );
    }
    const documents = checked.filter((d) => !skippable(d, this.ruleKinds) && !d.hasErrors);
    // The editor reads the file's style: only worth it when some document is checked (not in a file of CRDs).
    if (state.yaml && documents.length > 0) {
      const editor = new YamlEditor(state.text, () => this.linesOf(state));
      const key = `${index.id}:${index.generation}\0${path}\0${index.isFragment(path)}\0${settingsId(settings)}\0${JSON.stringify(editor.style)}`;
      const yaml = state.yaml;
      let starts: Map<object, number> | undefined;
      // Where a document that cached results point into is now: at its old place in the list unless documents were added or removed before it.
      const startOf = (region: Region) => {
        const there = yaml.documents[region.index];
        return there?.chunk === region.doc ? there.start : (starts ??= new Map(yaml.documents.map((d) => [d.chunk, d.start]))).get(region.doc);
      };
      for (const document of documents) {
        const { results, mover } = this.checkDocument(path, yaml, document, { editor, settings, enabled, index, key }, startOf);
        for (const { rule, findings: found, silenced } of results) emit(rule, found, silenced, mover);
      }
    }
    placed.sort((a, b) => a.start - b.start || RULE_ORDER[a.finding.ruleId] - RULE_ORDER[b.finding.ruleId]);
    return placedAnalysis(path, state.kind, placed, state.problems);
  }

  /**
   * Runs the Kubernetes rules on one document. Results are cached per parsed
   * document and reused (shifted) while the document's text, the index
   * generation, the settings and the file's YAML style stay the same, so an edit
   * in a large multi-document file re-checks only the document it touches.
   */
  private checkDocument(
    path: string,
    file: YamlFile,
    document: YamlDocument,
    pass: DocumentPass,
    startOf: (region: Region) => number | undefined,
  ): { readonly results: readonly RuleResult[]; readonly mover?: FindingMover } {
    const { editor, settings, enabled, index, key } = pass;
    const cached = this.documentCache.get(document.chunk);
    if (cached?.key === key) {
      const placing = shiftResults(cached, document.start, path, file.text, editor.style.eol, startOf);
      if (placing) return { results: cached.results, mover: placing === IN_PLACE ? undefined : placing };
    }
    const fragment = index.isFragment(path);
    const results: RuleResult[] = [];
    for (const object of objectsOf(document)) {
      const silenced = annotationSilenced(object.annotations);
      if (silenced === 'all') continue;
      const context = { path, file, document, object, pod: podSpecOf(object), index, settings, editor, fs: this.options.fs };
      for (const rule of enabled) {
        if (!rule.checkKubernetes || (fragment && rule.meta.needsCompleteObject)) continue;
        const findings = this.run(rule, path, settings, () => rule.checkKubernetes?.(context) ?? []);
        if (findings.length > 0) results.push({ rule, findings, silenced });
      }
    }
    const others = otherRegions(path, file, document, results);
    if (others) {
      const own = { start: document.start, end: document.start + document.text.length };
      this.documentCache.set(document.chunk, { key, textLength: file.text.length, endsWithLineBreak: file.text.endsWith('\n'), own, others, results });
    } else this.documentCache.delete(document.chunk);
    return { results };
  }

  /**
   * A rule's findings as the analysis reports them, with the severity the settings give: made once, then
   * cached with their document (the cache key names the settings and the file).
   */
  private run(rule: Rule, path: string, settings: AnalysisSettings, check: () => readonly RuleFinding[]): readonly Finding[] {
    try {
      const ruleId = rule.meta.id;
      const configured = settings.rules[ruleId];
      return check().map((finding) => {
        const severity: Severity = configured && configured !== 'off' ? configured : (finding.severity ?? rule.meta.defaultSeverity);
        return { ...finding, ruleId, severity, path };
      });
    } catch (error) {
      const key = `${rule.meta.id}\0${path}`;
      if (!this.reportedErrors.has(key)) {
        this.reportedErrors.add(key);
        this.options.onRuleError?.(rule.meta.id, path, error);
      }
      return [];
    }
  }
}

/**
 * Findings at one offset come in rule id order (`localeCompare`), ranked once: a chart has hundreds of such
 * ties (two rules anchored on each Deployment's `kind:`), sorted on every keystroke.
 */
const RULE_ORDER = Object.fromEntries([...RULE_IDS].sort((a, b) => a.localeCompare(b)).map((id, rank) => [id, rank])) as Record<RuleId, number>;

/** A document whose `kind:` line names a kind with a pod spec. */
function isWorkload(document: YamlDocument): boolean {
  return document.rootKind !== undefined && POD_SPEC_KINDS.has(document.rootKind);
}

/** When a file's last analysis still holds: the same index revision and the same settings. */
interface AnalysisMemoKey {
  readonly revision: number;
  readonly settings: number;
}

/** What every document of one file's analysis is checked with. */
interface DocumentPass {
  readonly editor: YamlEditor;
  readonly settings: AnalysisSettings;
  readonly enabled: readonly Rule[];
  readonly index: WorkspaceIndex;
  /** Results cached under this key are reused: it names the index state, the file (findings carry its path), settings and file style. */
  readonly key: string;
}

interface RuleResult {
  readonly rule: Rule;
  readonly findings: readonly Finding[];
  readonly silenced: Silenced | undefined;
}

/** Where a stretch of the file was when results were cached. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** Another document whose text a cached result points into, and where it was then. */
interface Region extends Span {
  readonly doc: object;
  /** Its place in the file's documents then, where it is looked for first. */
  readonly index: number;
}

interface CachedResults {
  readonly key: string;
  /** The file's length when the results were computed (an insertion there is "at the end of file"). */
  readonly textLength: number;
  /** Whether the file then ended with a line break (see {@link shiftResults}). */
  readonly endsWithLineBreak: boolean;
  /** The checked document. */
  readonly own: Span;
  /** Other documents of the file that related locations point into. */
  readonly others: readonly Region[];
  readonly results: readonly RuleResult[];
}

/**
 * The other documents a document's results point into, or undefined when the results cannot be reused:
 * fixes must stay inside the document (or append at the end of file); related locations may point
 * into other documents of the file, which are followed as they move. Related locations in other
 * files move when those files are edited without a new index generation, so results holding one are
 * recomputed each time.
 */
function otherRegions(path: string, file: YamlFile, document: YamlDocument, results: readonly RuleResult[]): Region[] | undefined {
  const own: Span = { start: document.start, end: document.start + document.text.length };
  const others: Region[] = [];
  const inside = (r: Span, o: number) => o >= r.start && o <= r.end;
  const follow = (o: number): boolean => {
    if (inside(own, o) || others.some((r) => inside(r, o))) return true;
    const index = file.documents.findIndex((d) => o >= d.start && o <= d.start + d.text.length);
    const target = file.documents[index];
    if (!target) return false;
    others.push({ doc: target.chunk, index, start: target.start, end: target.start + target.text.length });
    return true;
  };
  for (const { findings } of results) {
    for (const f of findings) {
      if ((f.related ?? []).some((r) => r.path !== path)) return undefined;
      const local = [f.range.start, f.range.end, ...(f.fixes ?? []).flatMap((fix) => fix.edits.flatMap((e) => [e.range.start, e.range.end]))];
      if (!local.every((o) => inside(own, o) || o === file.text.length)) return undefined;
      if (!(f.related ?? []).every((r) => follow(r.range.start) && follow(r.range.end))) return undefined;
    }
  }
  return others;
}

/** Cached results that are where their documents are now. */
const IN_PLACE = 'in place';

/**
 * Where cached results are now: in place, or moved as the mover says (an edit at the old end of file
 * moves to the new end). Undefined when a document they point into has changed (it is no longer in the file).
 *
 * Text inserted at the end of a file that does not end with a line break starts with one (`eol`,
 * the file's line ending), so that it begins on a line of its own (`YamlEditor` writes it so). Only
 * that leading line break depends on the file's last character: when it alone changed, such an
 * insertion gains or loses it here, instead of every document with an end-of-file fix (each
 * workload that `missing-pdb` offers a PodDisruptionBudget for) being checked again.
 */
function shiftResults(
  cached: CachedResults,
  ownStart: number,
  path: string,
  text: string,
  eol: string,
  startOf: (region: Region) => number | undefined,
): FindingMover | typeof IN_PLACE | undefined {
  const textLength = text.length;
  const ownDelta = ownStart - cached.own.start;
  // In the last document, its end and the end of file are one offset: which one an edit meant
  // cannot be told apart once another document follows (or stops following) it.
  if ((cached.own.end === cached.textLength) !== (cached.own.end + ownDelta === textLength)) return undefined;
  let moved = ownDelta !== 0;
  const otherDeltas: number[] = [];
  for (const region of cached.others) {
    const start = startOf(region);
    if (start === undefined) return undefined;
    otherDeltas.push(start - region.start);
    moved ||= start !== region.start;
  }
  const endsWithLineBreak = text.endsWith('\n');
  const relead = endsWithLineBreak !== cached.endsWithLineBreak;
  const atEnd = (e: TextEdit) => e.range.start === cached.textLength && e.range.end === cached.textLength;
  if (
    relead &&
    endsWithLineBreak &&
    cached.results.some((r) => r.findings.some((f) => f.fixes?.some((fix) => fix.edits.some((e) => atEnd(e) && !e.newText.startsWith(eol)))))
  ) {
    return undefined;
  }
  if (!relead && cached.textLength === textLength && !moved) return IN_PLACE;
  return new ResultsMover(cached, ownDelta, otherDeltas, path, textLength, relead ? { endsWithLineBreak, eol } : undefined);
}

/**
 * Places a document's cached results where the document, and the other documents its findings point
 * into, are now. One object per document below an edit, asked for every offset of its findings on each keystroke.
 */
class ResultsMover implements FindingMover {
  constructor(
    private readonly cached: CachedResults,
    private readonly ownDelta: number,
    /** Per region of `cached.others`. */
    private readonly otherDeltas: readonly number[],
    private readonly path: string,
    private readonly textLength: number,
    /** When the file's final line break came or went: how insertions at its end change (see {@link shiftResults}). */
    private readonly relead: { readonly endsWithLineBreak: boolean; readonly eol: string } | undefined,
  ) {}

  offset(o: number): number {
    const { cached } = this;
    if (o === cached.textLength) return this.textLength;
    if (o >= cached.own.start && o <= cached.own.end) return o + this.ownDelta;
    for (let i = 0; i < cached.others.length; i++) {
      const region = cached.others[i];
      if (region && o >= region.start && o <= region.end) return o + (this.otherDeltas[i] ?? 0);
    }
    return o + this.ownDelta;
  }

  range(r: OffsetRange): OffsetRange {
    return { start: this.offset(r.start), end: this.offset(r.end) };
  }

  finding(f: Finding): Finding {
    return {
      ...f,
      range: this.range(f.range),
      ...(f.related && { related: f.related.map((r) => ({ ...r, range: r.path === this.path ? this.range(r.range) : r.range })) }),
      ...(f.fixes && { fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ range: this.range(e.range), newText: this.newText(e) })) })) }),
    };
  }

  private newText(e: TextEdit): string {
    const { relead, cached } = this;
    if (!relead || e.range.start !== cached.textLength || e.range.end !== cached.textLength) return e.newText;
    return relead.endsWithLineBreak ? e.newText.slice(relead.eol.length) : relead.eol + e.newText;
  }
}

/** `line` is only asked for when some line has a suppression comment (finding lines cost a line table). */
function suppressed(suppressions: Suppressions, rule: RuleId, line: () => number): boolean {
  return isSilenced(suppressions.file, rule) || (suppressions.lines.size > 0 && isSilenced(suppressions.lines.get(line()), rule));
}
