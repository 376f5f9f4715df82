import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import picomatch from 'picomatch';
import { DOCKERFILE_NAME_PATTERN } from '../../client/src/document-selector';
import { COMMANDS } from '../../shared/src/protocol';
import { RULE_IDS } from '../../shared/src/rule-ids';
import { DEFAULT_SETTINGS, SETTING_KINDS, SEVERITIES } from '../../shared/src/settings';
import { fileKindOf } from '../../server/src/model/file-kind';
import { RULES } from '../../server/src/rules/registry';

interface SettingSchema {
  readonly type: string;
  readonly default?: unknown;
  readonly enum?: readonly string[];
  readonly markdownDescription?: string;
  readonly description?: string;
  readonly properties?: Record<string, SettingSchema>;
  readonly scope?: string;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const settings: Record<string, SettingSchema> = manifest.contributes.configuration.properties;

/** VS Code settings named differently from the `.graceful.yaml` key they carry. */
const EDITOR_NAMES: Partial<Record<keyof typeof SETTING_KINDS, string>> = { ignore: 'exclude' };

test('the extension starts from the bundled client, on YAML and Dockerfiles, without dependencies', () => {
  assert.equal(manifest.main, './dist/extension.js');
  for (const event of ['onLanguage:yaml', 'onLanguage:dockerfile']) assert.ok(manifest.activationEvents.includes(event), event);
  assert.equal(manifest.extensionDependencies, undefined);
  assert.equal(manifest.extensionPack, undefined);
  // Untrusted: everything but rendering Helm charts, and a workspace cannot choose the helm to run.
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['graceful.helm.path']);
  assert.equal(settings['graceful.helm.path']!.scope, 'machine');
});

test('the contributed commands are the client commands of shared/src/protocol.ts', () => {
  const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, [COMMANDS.lintWorkspace, COMMANDS.restartServer, COMMANDS.showRuleDocumentation].sort());
  for (const c of manifest.contributes.commands) assert.equal(c.category, 'Graceful');
});

test('graceful.rules lists every rule with the severities users may write and its default', () => {
  const rules = settings['graceful.rules']!;
  assert.deepEqual(Object.keys(rules.properties!), [...RULE_IDS]);
  for (const { meta } of RULES) {
    const property = rules.properties![meta.id]!;
    assert.deepEqual(property.enum, [...SEVERITIES]);
    assert.ok(
      property.markdownDescription?.includes(`Default: \`${meta.defaultSeverity}\``),
      `${meta.id}: the description states its default ${meta.defaultSeverity}`,
    );
  }
});

test('every analysis setting has a graceful.* setting whose default is the core default', () => {
  for (const key of Object.keys(SETTING_KINDS) as (keyof typeof SETTING_KINDS)[]) {
    const setting = settings[`graceful.${EDITOR_NAMES[key] ?? key}`];
    assert.ok(setting, `graceful.${EDITOR_NAMES[key] ?? key} is contributed`);
    assert.deepEqual(setting.default, DEFAULT_SETTINGS[key], key);
  }
  for (const [name, setting] of Object.entries(settings)) assert.ok(setting.description ?? setting.markdownDescription, `${name} has a description`);
});

test('Dockerfile names from RULES.md reach the server, other files do not', () => {
  const matches = picomatch(DOCKERFILE_NAME_PATTERN);
  const association = manifest.contributes.languages.find((l: { id: string }) => l.id === 'dockerfile');
  const associated = (name: string) => association.filenames.includes(name) || association.filenamePatterns.some((p: string) => picomatch.isMatch(name, p));
  for (const name of ['Containerfile', 'Containerfile.prod', 'Dockerfile.dev', 'api.dockerfile', 'api.Dockerfile']) {
    assert.equal(fileKindOf(`/w/app/${name}`), 'dockerfile', name);
    assert.ok(matches(`w/app/${name}`), `the document selector takes ${name}`);
  }
  for (const name of ['Containerfile', 'Containerfile.prod', 'Dockerfile.dev', 'api.dockerfile', 'api.Dockerfile'])
    assert.ok(associated(name), `${name} opens as a Dockerfile`);
  for (const name of ['deploy.yaml', 'Dockerfiles.md', 'README.md']) assert.equal(matches(`w/app/${name}`), false, name);
});
