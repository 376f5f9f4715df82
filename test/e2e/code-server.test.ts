import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { RuleId } from '../../shared/src/rule-ids';
import { applyEdits } from '../../server/src/fix/apply-edits';
import { findings } from '../helpers/workspace';
import { installExtension, startCodeServer } from './code-server';
import { findE2eTools } from './tools';
import { waitFor } from './wait';
import { launchBrowser, Workbench } from './workbench';

/**
 * The extension as users get it: the packaged .vsix installed into a real VS Code
 * (code-server in headless Chromium), checked through the UI only.
 */
const root = join(__dirname, '..', '..');
const fixture = join(__dirname, 'fixture');
const artifacts = join(root, '.test-artifacts', 'e2e');
const tools = findE2eTools();

/** What the core says about a fixture file: the finding's message and its preferred fix applied. */
function expected(name: string, rule: RuleId): { message: string; fixTitle: string; fixed: string } {
  const text = readFileSync(join(fixture, name), 'utf8');
  const path = `/w/${name}`;
  const found = findings({ [path]: text }, path, rule);
  assert.equal(found.length, 1, `the core should report one ${rule} in ${name}`);
  const fix = found[0]!.fixes?.find((f) => f.preferred);
  assert.ok(fix, `${rule} in ${name} should have a preferred fix`);
  return { message: found[0]!.message, fixTitle: fix.title, fixed: applyEdits(text, fix.edits) };
}

/** A subtest that leaves a screenshot of the editor behind when it fails. */
async function step(t: TestContext, workbench: Workbench, name: string, body: () => Promise<void>): Promise<void> {
  await t.test(name, async () => {
    try {
      await body();
    } catch (error) {
      await workbench.screenshot(`failed-${name.replace(/[^\w.-]+/g, '-').slice(0, 60)}`).catch(() => undefined);
      throw error;
    }
  });
}

/** Checks one file in the editor: squiggle, Problems entry, Ctrl+. menu, and the fixed file on disk. */
async function checkQuickFix(
  t: TestContext,
  workbench: Workbench,
  file: { name: string; rule: RuleId; severity: 'warning' | 'error'; anchorLine: string; anchorToken: string; path: string },
): Promise<void> {
  // The core's view of the fixture decides what the editor must show; computed inside each step so a
  // rule still in progress fails its own steps, not the rest of the run.
  const want = () => expected(file.name, file.rule);
  await step(t, workbench, `${file.name}: a ${file.severity} squiggle and a Problems entry for ${file.rule}`, async () => {
    const { message } = want();
    await workbench.openFile(file.name, file.anchorLine);
    await workbench.waitForSquiggles(file.severity);
    const row = await workbench.waitForProblem(file.rule);
    assert.ok(row.includes(message.slice(0, 40)), `the Problems entry shows the message:\n${row}`);
    await workbench.screenshot(`${file.name}-1-problems`);
  });
  await step(t, workbench, `${file.name}: Ctrl+. offers the preferred fix and applying it writes what the core computes`, async () => {
    const { fixTitle, fixed } = want();
    await workbench.openFile(file.name, file.anchorLine);
    await workbench.clickToken(file.anchorLine, file.anchorToken);
    const menu = await workbench.quickFixMenu(fixTitle);
    // vscode-eslint's order: the preferred fix first, then ways to silence the rule.
    const fixAt = menu.findIndex((row) => row.includes(fixTitle));
    const ignoreAt = menu.findIndex((row) => /ignore|disable/i.test(row));
    assert.ok(ignoreAt > fixAt, `the menu lists the fix, then offers to silence the rule:\n${menu.join('\n')}`);
    await workbench.screenshot(`${file.name}-2-quick-fix`);
    await workbench.chooseQuickFix(fixTitle);
    await workbench.save();
    const onDisk = await waitFor(`${file.name} saved with the fix`, 30_000, () => {
      const text = readFileSync(file.path, 'utf8');
      return text === fixed && text;
    });
    assert.equal(onDisk, fixed);
    await waitFor(
      `the ${file.rule} entry to leave the Problems panel`,
      60_000,
      async () => !(await workbench.problemRows()).some((row) => row.includes(file.rule)),
    );
    await workbench.screenshot(`${file.name}-3-fixed`);
  });
}

test(
  'VS Code (code-server) with the packaged .vsix shows, explains and fixes findings',
  { skip: typeof tools === 'string' ? tools : false, timeout: 600_000 },
  async (t) => {
    assert.ok(typeof tools !== 'string');
    rmSync(artifacts, { recursive: true, force: true });
    const tmp = mkdtempSync(join(tmpdir(), 'graceful-e2e-'));
    const dirs = {
      home: join(tmp, 'home'),
      userData: join(tmp, 'user-data'),
      extensions: join(tmp, 'extensions'),
      workspace: join(tmp, 'workspace'),
      profile: join(tmp, 'browser'),
    };
    const packaged = spawnSync(process.execPath, [join(root, 'scripts/package.mjs'), '--out', tmp], { cwd: root, encoding: 'utf8' });
    assert.equal(packaged.status, 0, `npm run package failed:\n${packaged.stdout}\n${packaged.stderr}`);
    const vsix = readdirSync(tmp).find((name) => name.endsWith('.vsix'));
    assert.ok(vsix, 'no .vsix was written');
    installExtension(tools, join(tmp, vsix), dirs);
    cpSync(fixture, dirs.workspace, { recursive: true });

    const server = await startCodeServer(tools, dirs);
    const browser = await launchBrowser(tools, dirs.profile);
    let workbench: Workbench | undefined;
    try {
      workbench = await Workbench.open(browser, server.url, dirs.workspace, artifacts);
      const opened = workbench;

      await step(t, opened, 'deploy.yaml: hovering terminationGracePeriodSeconds shows the shutdown timeline', async () => {
        await opened.openFile('deploy.yaml', 'terminationGracePeriodSeconds');
        await opened.waitForSquiggles('warning');
        await opened.clickToken('terminationGracePeriodSeconds: 45', 'terminationGracePeriodSeconds');
        const hover = await opened.hover('Shutdown timeline');
        assert.match(hover, /t=0\s+pod Terminating/);
        assert.match(hover, /t=45\s+SIGKILL/);
        await opened.screenshot('deploy.yaml-0-hover-timeline');
        await opened.pressEscape();
      });
      await step(t, opened, 'deploy.yaml: the code lens sums up the timeline', async () => {
        await opened.waitForCodeLens('no preStop');
      });
      await checkQuickFix(t, opened, {
        name: 'deploy.yaml',
        rule: 'missing-prestop',
        severity: 'warning',
        anchorLine: '- name: web',
        anchorToken: 'web',
        path: join(dirs.workspace, 'deploy.yaml'),
      });
      await step(t, opened, 'deploy.yaml: after the fix the code lens shows the preStop sleep', async () => {
        await opened.openFile('deploy.yaml', 'terminationGracePeriodSeconds');
        await opened.waitForCodeLens('preStop 15s');
        await opened.screenshot('deploy.yaml-4-code-lens-after-fix');
      });
      await step(t, opened, 'Command Palette: Graceful: Lint Workspace checks the workspace', async () => {
        await opened.runCommand('Graceful: Lint Workspace');
        await opened.waitForStatus(/Graceful: checked \d+ files?/);
      });
      await checkQuickFix(t, opened, {
        name: 'Dockerfile',
        rule: 'shell-form-cmd',
        severity: 'warning',
        anchorLine: 'CMD node server.js',
        anchorToken: 'CMD',
        path: join(dirs.workspace, 'Dockerfile'),
      });
    } catch (error) {
      await workbench?.screenshot('failure').catch(() => undefined);
      throw new Error(`${String((error as Error)?.stack ?? error)}\n--- code-server output (last 3000 characters) ---\n${server.log().slice(-3000)}`);
    } finally {
      await browser.close();
      server.stop();
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);
