import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { E2eTools } from './tools';
import { waitFor } from './wait';

/** The slice of playwright-core's API this test uses (the package lives in the tools folder, untyped here). */
interface Locator {
  click(): Promise<void>;
  count(): Promise<number>;
  first(): Locator;
  filter(options: { hasText: string | RegExp }): Locator;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  allInnerTexts(): Promise<string[]>;
  isVisible(): Promise<boolean>;
}
interface Page {
  goto(url: string): Promise<unknown>;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  readonly keyboard: { press(keys: string): Promise<void>; type(text: string): Promise<void> };
  screenshot(options: { path: string }): Promise<unknown>;
}
interface BrowserContext {
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  readonly chromium: {
    launchPersistentContext(
      userDataDir: string,
      options: { executablePath: string; headless: boolean; args: string[]; viewport: { width: number; height: number } },
    ): Promise<BrowserContext>;
  };
}

/** Time from opening a file to its first squiggle is ≈ 3.5 s (extension host start, activation); allow for load. */
const EDITOR_TIMEOUT = 60_000;
/** How long a Ctrl+. may go unanswered before the quick fix menu is asked for again. */
const QUICK_FIX_RETRY_MS = 5_000;

/** Starts headless Chromium (Debian's build) with a fresh profile. */
export async function launchBrowser(tools: E2eTools, profileDir: string): Promise<BrowserContext> {
  const { chromium } = createRequire(__filename)(tools.playwrightCore) as Playwright;
  return chromium.launchPersistentContext(profileDir, {
    executablePath: tools.chromium,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Matches text as Monaco renders it, where spaces are non-breaking. */
function renderedText(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s\\u00a0]'));
}

/** Drives the VS Code workbench the way a user does: keyboard shortcuts and clicks, no extension API. */
export class Workbench {
  private constructor(
    readonly page: Page,
    private readonly artifacts: string,
  ) {}

  static async open(context: BrowserContext, url: string, workspace: string, artifacts: string): Promise<Workbench> {
    mkdirSync(artifacts, { recursive: true });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
    await waitFor('the workbench', EDITOR_TIMEOUT, () => page.locator('.monaco-workbench').first().isVisible());
    return new Workbench(page, artifacts);
  }

  /** Opens a file with Quick Open (Ctrl+P) and waits until its text is on screen. */
  async openFile(name: string, someLine: string): Promise<void> {
    await waitFor(`Quick Open to list ${name}`, EDITOR_TIMEOUT, async () => {
      if (!(await this.page.locator('.quick-input-widget').first().isVisible())) {
        await this.page.keyboard.press('Control+P');
        await this.page.keyboard.type(name);
      }
      // The list filters as it is typed: wait until the highlighted entry is the file.
      return (await this.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: name }).count()) > 0;
    });
    await this.page.keyboard.press('Enter');
    await this.waitForLine(someLine);
  }

  /** Runs a command from the Command Palette (Ctrl+Shift+P) by its title. */
  async runCommand(title: string): Promise<void> {
    await waitFor(`the Command Palette to offer "${title}"`, EDITOR_TIMEOUT, async () => {
      if (!(await this.page.locator('.quick-input-widget').first().isVisible())) {
        await this.page.keyboard.press('Control+Shift+P');
        await this.page.keyboard.type(title);
      }
      return (await this.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: title }).count()) > 0;
    });
    await this.page.keyboard.press('Enter');
  }

  /** Waits for a status bar entry containing `text`. */
  async waitForStatus(text: RegExp): Promise<string> {
    return waitFor(`a status bar entry ${String(text)}`, EDITOR_TIMEOUT, async () =>
      (await this.page.locator('.statusbar .statusbar-item').allInnerTexts()).find((item) => text.test(item)),
    );
  }

  async waitForLine(text: string): Promise<void> {
    await waitFor(`an editor line "${text}"`, EDITOR_TIMEOUT, async () => (await this.line(text).count()) > 0);
  }

  /** Waits for at least one squiggle of the given severity in the visible editor. */
  async waitForSquiggles(severity: 'error' | 'warning' | 'info'): Promise<number> {
    return waitFor(`a ${severity} squiggle`, EDITOR_TIMEOUT, () => this.page.locator(`.monaco-editor .squiggly-${severity}`).count());
  }

  async squiggleCount(): Promise<number> {
    return this.page.locator('.monaco-editor [class*="squiggly-"]').count();
  }

  /** Shows the Problems panel (Ctrl+Shift+M) and waits for a row mentioning `text`. */
  async waitForProblem(text: string): Promise<string> {
    if (!(await this.page.locator('.markers-panel').first().isVisible())) await this.page.keyboard.press('Control+Shift+M');
    return waitFor(`a Problems entry with "${text}"`, EDITOR_TIMEOUT, async () =>
      (await this.page.locator('.markers-panel .monaco-list-row').allInnerTexts()).find((row) => row.includes(text)),
    );
  }

  async problemRows(): Promise<string[]> {
    return this.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  }

  /** Puts the cursor on `token` in the editor line containing `lineText`, by clicking it. */
  async clickToken(lineText: string, token: string): Promise<void> {
    await this.line(lineText)
      .first()
      .locator('span span', { hasText: renderedText(token) })
      .first()
      .click();
  }

  /** Shows the hover at the cursor (Ctrl+K Ctrl+I) and waits until it contains `text`. */
  async hover(text: string): Promise<string> {
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    return waitFor(`a hover with "${text}"`, EDITOR_TIMEOUT, async () =>
      (await this.page.locator('.monaco-hover').allInnerTexts()).find((hover) => hover.includes(text)),
    );
  }

  /** Opens the quick-fix menu at the cursor (Ctrl+.) and returns its entries once `title` is among them. */
  async quickFixMenu(title: string): Promise<string[]> {
    await this.page.keyboard.press('Control+.');
    let pressed = Date.now();
    return waitFor(`a quick fix "${title}"`, EDITOR_TIMEOUT, async () => {
      const rows = await this.page.locator('.action-widget .monaco-list-row').allInnerTexts();
      if (rows.some((row) => row.includes(title))) return rows;
      // Under load the workbench can take Ctrl+. before the editor has its code actions, and then shows
      // none ("No code actions available") without asking again: close that and ask again, as a user would.
      if (Date.now() - pressed > QUICK_FIX_RETRY_MS) {
        await this.page.keyboard.press('Escape');
        await this.page.keyboard.press('Control+.');
        pressed = Date.now();
      }
      return false;
    });
  }

  async chooseQuickFix(title: string): Promise<void> {
    await this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first().click();
  }

  /** Waits for a code lens in the visible editor that contains `text`. */
  async waitForCodeLens(text: string): Promise<string> {
    return waitFor(`a code lens with "${text}"`, EDITOR_TIMEOUT, async () =>
      (await this.page.locator('.monaco-editor .codelens-decoration').allInnerTexts()).find((lens) => lens.includes(text)),
    );
  }

  async pressEscape(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
  }

  async screenshot(name: string): Promise<string> {
    const path = join(this.artifacts, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  private line(text: string): Locator {
    return this.page.locator('.monaco-editor .view-line', { hasText: renderedText(text) });
  }
}
