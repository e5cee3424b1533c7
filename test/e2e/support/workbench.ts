/**
 * The VS Code workbench in Chromium, driven the way a person uses it: Quick Open, the keyboard, the
 * mouse over a squiggle, the Problems panel. Every read comes from the page's DOM.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { E2ePaths } from './paths';
import { sandboxEnv } from './paths';
import { waitFor } from './wait';

/** Flags for headless Chromium on a machine with no network but loopback. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Names resolve to nothing: the page reaches code-server at 127.0.0.1 and nowhere else.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export type Severity = 'error' | 'warning' | 'info' | 'hint';
const SQUIGGLES = '.squiggly-error, .squiggly-warning, .squiggly-info, .squiggly-hint';

/** The text editor of the active editor group. */
const EDITOR = '.part.editor .editor-group-container.active .editor-instance .monaco-editor';

/** The little of the DOM that code run in the page uses (this project's TypeScript has no DOM types). */
interface DomElement {
  readonly parentElement: DomElement | null;
  readonly style: { readonly top: string };
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement> & ArrayLike<DomElement>;
}

export interface ProblemRow {
  readonly ariaLabel: string;
  readonly text: string;
}

export class Workbench {
  private shots = 0;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly shotsDir: string,
  ) {}

  /** Chromium with a fresh profile in `dir`, showing code-server's workbench on `folder`. */
  static async open(paths: E2ePaths, dir: string, url: string, folder: string, shotsDir: string): Promise<Workbench> {
    mkdirSync(shotsDir, { recursive: true });
    const context = await chromium.launchPersistentContext(path.join(dir, 'chromium-profile'), {
      executablePath: paths.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      env: { ...process.env, ...sandboxEnv(dir) },
      viewport: { width: 1400, height: 900 },
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(30_000);
      await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
      await page.locator('.monaco-workbench').waitFor();
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
      return new Workbench(context, page, shotsDir);
    } catch (error) {
      await context.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /** A numbered screenshot in the results folder; returns its path. */
  async screenshot(name: string): Promise<string> {
    this.shots += 1;
    const file = path.join(this.shotsDir, `${String(this.shots).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Runs one step of a test, with a screenshot after it, or on failure one that says so. */
  async step<T>(name: string, body: () => Promise<T>): Promise<T> {
    try {
      const result = await body();
      await this.screenshot(name);
      return result;
    } catch (error) {
      await this.screenshot(`${name}-FAILED`).catch(() => undefined);
      throw error;
    }
  }

  get editor(): Locator {
    return this.page.locator(EDITOR);
  }

  /** Opens a workspace file by name through Quick Open (Ctrl+P) and waits for its editor. */
  async openFile(name: string): Promise<void> {
    await this.page.locator('.monaco-workbench .part.editor').click();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    await this.page.locator(`.quick-input-list .monaco-list-row.focused[aria-label^="${name}"]`).waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.part.editor .tab.active[aria-label^="${name}"]`).waitFor();
    await this.editor.locator('.view-lines .view-line').first().waitFor();
  }

  /** Runs a command from the Command Palette (F1) by its label, as shown there. */
  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${label}`);
    await this.page.locator(`.quick-input-list .monaco-list-row.focused[aria-label^="${label}"]`).waitFor();
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  squiggles(severity?: Severity): Locator {
    return this.editor.locator(severity ? `.squiggly-${severity}` : SQUIGGLES);
  }

  /**
   * The text of the editor line a squiggle is drawn under. Monaco draws each line's decorations in a
   * div of the overlay layer with the same `top` as the line's div in the text layer; both are read in
   * one call in the page, so a layout change (a code lens arriving) cannot come in between.
   */
  async lineUnder(squiggle: Locator): Promise<string> {
    const text = await squiggle.evaluate((element: DomElement) => {
      const top = element.parentElement?.style.top;
      const lines = element.closest('.monaco-editor')?.querySelectorAll('.view-lines > .view-line') ?? [];
      const line = Array.from(lines).find((candidate) => candidate.style.top === top);
      return line?.textContent?.replace(/\u00a0/g, ' ');
    });
    if (text === undefined) throw new Error('no editor line under the squiggle');
    return text;
  }

  /**
   * Points the mouse at `target` (its middle, or `x` pixels into it) until the hover shows text that
   * `accepts`, as a person moves the mouse again when the text under it has just moved (a code lens
   * arriving) or the hover is still filling in (its parts come from several providers). Returns the
   * hover's text; the hover stays open.
   */
  async hoverUntil(what: string, target: Locator, accepts: (text: string) => boolean, x?: number): Promise<string> {
    const hover = this.page.locator('.monaco-hover:visible').first();
    let last = '';
    try {
      return await waitFor(`a hover that ${what}`, async () => {
        const box = await target.boundingBox();
        if (!box) return undefined;
        await this.page.mouse.move(0, 0);
        await this.page.mouse.move(box.x + (x ?? box.width / 2), box.y + box.height / 2);
        try {
          await hover.waitFor({ timeout: 5000 });
          return await waitFor(`the hover to show what ${what}`, async () => {
            last = (await hover.textContent()) ?? '';
            return accepts(last) && last;
          }, { timeoutMs: 5000 });
        } catch {
          return undefined; // no hover, or not that one: point again
        }
      }, { timeoutMs: 45_000 });
    } catch (error) {
      throw new Error(`${(error as Error).message}; last hover: ${last}`, { cause: error });
    }
  }

  async dismissHover(): Promise<void> {
    await this.page.mouse.move(0, 0);
    await this.page.keyboard.press('Escape');
    await this.page.locator('.monaco-hover:visible').waitFor({ state: 'detached' });
  }

  /** Puts the cursor at a 1-based line and column with Go to Line (Ctrl+G, `:line:column`). */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    await this.page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
  }

  /**
   * Ctrl+. at the cursor, once the light bulb shows that the editor has the code actions there (as a
   * person waits for it): returns the focused entry of the Quick Fix menu and every entry. A change of
   * the file's diagnostics while the menu is being computed (the server checks open files again when it
   * has indexed the workspace) makes the editor drop the request; a person presses Ctrl+. again.
   */
  async openQuickFix(): Promise<{ focused: string; all: string[] }> {
    await this.page.locator('.part.editor .lightBulbWidget[class*="codicon-lightbulb"]').waitFor();
    const rows = this.page.locator('.action-widget .monaco-list-row');
    await waitFor('the Quick Fix menu', async () => {
      if (await rows.first().isVisible()) return true;
      await this.page.keyboard.press('Control+.');
      return rows.first().waitFor({ timeout: 5000 }).then(() => true, () => undefined);
    }, { timeoutMs: 45_000 });
    const focused = (await this.page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label')) ?? '';
    const all = await rows.evaluateAll((elements: DomElement[]) => elements.map((e) => e.getAttribute('aria-label') ?? ''));
    return { focused, all };
  }

  /** Waits until the active editor shows exactly these code lens titles (one lens line each, in the page's order). */
  async expectCodeLenses(titles: readonly string[], timeoutMs = 30_000): Promise<void> {
    const lenses = this.editor.locator('.codelens-decoration');
    let seen: string[] = [];
    try {
      await waitFor(`the code lenses ${JSON.stringify(titles)}`, async () => {
        seen = (await lenses.allTextContents()).map((text) => text.replace(/\u00a0/g, ' ').trim());
        return JSON.stringify(seen) === JSON.stringify(titles);
      }, { timeoutMs });
    } catch (error) {
      throw new Error(`${(error as Error).message}; the editor shows ${JSON.stringify(seen)}`, { cause: error });
    }
  }

  /** Ctrl+S, then waits until the tab no longer shows unsaved changes. */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.part.editor .tab.active.dirty').waitFor({ state: 'detached' });
  }

  /**
   * Opens the Problems panel (Ctrl+Shift+M) and waits until our rows (generated by netpol-lens) under
   * `file` (a file name, as the panel groups by it) have exactly the `expected` aria-labels, in any
   * order; then closes it. Returns those rows.
   */
  async expectProblems(file: string, expected: readonly string[]): Promise<ProblemRow[]> {
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').waitFor();
    const want = [...expected].sort();
    let seen: ProblemRow[] = [];
    try {
      return await waitFor(`the Problems panel to list ${JSON.stringify(want)} for ${file}`, async () => {
        seen = [];
        let under = '';
        // One read of every row: the list re-renders as markers come and go.
        const rows = await this.page
          .locator('.markers-panel .monaco-list-row')
          .evaluateAll((elements: DomElement[]) => elements.map((e) => ({ ariaLabel: e.getAttribute('aria-label') ?? '', text: e.textContent ?? '' })));
        for (const { ariaLabel, text } of rows) {
          const fileRow = / problems? in file (.+) of folder /.exec(ariaLabel);
          if (fileRow) under = fileRow[1]!;
          else if (under === file && ariaLabel.endsWith(' generated by netpol-lens')) seen.push({ ariaLabel, text: text.replace(/\u00a0/g, ' ') });
        }
        return JSON.stringify(seen.map((r) => r.ariaLabel).sort()) === JSON.stringify(want) && seen;
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}; the panel shows ${JSON.stringify(seen)}`, { cause: error });
    } finally {
      await this.screenshot(`problems-${file}`);
      await this.page.keyboard.press('Control+J');
      await this.page.locator('.markers-panel').waitFor({ state: 'hidden' });
    }
  }

  /**
   * Closes every editor (Ctrl+K Ctrl+W), so that the Problems panel holds only what is opened next.
   * Unsaved changes left by a failed step are dropped ("Don't Save"), so one failure stays one.
   */
  async closeAllEditors(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+W');
    const dontSave = this.page.getByRole('button', { name: "Don't Save" });
    await waitFor('every editor to close', async () => {
      if (await dontSave.isVisible()) await dontSave.click();
      return (await this.page.locator('.part.editor .tab').count()) === 0;
    });
  }
}
