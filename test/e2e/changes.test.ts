/**
 * "What does my edit change?" in a real VS Code: the packaged extension in code-server, a workspace that is
 * a git repository with the seed's deny-external-egress policy committed, and the article's second rule
 * typed into the editor (not saved). The "vs HEAD" code lens appears on the policy, opens the changes of
 * that policy, and "NetPol Lens: Show connectivity changes" from the palette shows the workspace's.
 * Needs `scripts/e2e/setup.sh` and `npm run package` first; `npm run test:e2e` does both.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeServer } from './support/codeServer';
import { REPO } from './support/paths';
import { waitFor } from './support/wait';
import { closeSession, openSession } from './support/session';
import type { Workbench } from './support/workbench';

const SEED = path.join(REPO, 'test', 'fixtures', 'reach', 'seed');

/**
 * The article's second rule (test/fixtures/reach/seed/private-ranges-rule.yaml) on one line, in flow style,
 * as typed at the end of the policy: typing the block form line by line, the editor carries each line's
 * indentation to the next.
 */
const SECOND_RULE = '  - to: [{ipBlock: {cidr: 10.0.0.0/8}}, {ipBlock: {cidr: 172.16.0.0/12}}, {ipBlock: {cidr: 192.168.0.0/16}}]';

/** What the rule opens (docs/diff.md, test/protocol/changes.test.ts): one row each in the view. */
const ADDED = [
  ['+ added', 'default/restricted-app', 'default/neighbour', 'all'],
  ['+ added', 'default/restricted-app', '10.0.0.0/8', 'all'],
  ['+ added', 'default/restricted-app', '172.16.0.0/12', 'all'],
  ['+ added', 'default/restricted-app', '192.168.0.0/16', 'all'],
];

function git(folder: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: folder, encoding: 'utf8' });
}

describe('Connectivity changes in VS Code (code-server + Chromium)', { timeout: 300_000 }, () => {
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let head = '';
  let workspace = '';

  function wb(): Workbench {
    if (!workbench) throw new Error('the workbench did not open');
    return workbench;
  }

  before(async () => {
    ({ server, workbench, workspace } = await openSession('changes', {
      prepare: (workspace) => {
        mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
        copyFileSync(path.join(SEED, 'workloads.yaml'), path.join(workspace, 'workloads.yaml'));
        copyFileSync(path.join(SEED, 'deny-external-egress.yaml'), path.join(workspace, 'policy.yaml'));
        // Typed text stays as typed: no closing brackets added.
        writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'editor.autoClosingBrackets': 'never' }, null, 2));
        git(workspace, 'init', '-q', '.');
        git(workspace, 'add', '.');
        git(workspace, 'commit', '-q', '-m', 'deny external egress, as the article first writes it');
        head = git(workspace, 'rev-parse', '--short=7', 'HEAD').trim();
      },
    }));
  });

  after(() => closeSession('changes', { server, workbench }));

  /** The rows of the changes view's table, cell texts, below its header. */
  async function viewRows(): Promise<string[][]> {
    const view = wb().page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('#changes table').waitFor();
    const rows = await view.locator('#changes tr.change').all();
    return Promise.all(rows.map(async (row) => (await row.locator('td').allTextContents()).slice(0, 4)));
  }

  it('puts no "vs HEAD" lens on a policy as committed', async () => {
    const w = wb();
    await w.step('open-policy', () => w.openFile('policy.yaml'));
    await w.step('lens-as-committed', () => w.expectCodeLenses(['selects 1 workload'], 60_000));
  });

  it('shows "vs HEAD: +4 connections, -0" on the policy once the second rule is typed, unsaved', async () => {
    const w = wb();
    await w.editor.click();
    await w.page.keyboard.press('Control+End');
    await w.page.keyboard.insertText(SECOND_RULE);
    await w.page.keyboard.press('Home'); // the line's start back in view, for the screenshots
    await w.page.locator('.part.editor .tab.active.dirty').waitFor();
    // Both lenses sit on the policy's name, on one line.
    await w.step('lens-after-edit', () => w.expectCodeLenses(['selects 1 workload | vs HEAD: +4 connections, -0']));
  });

  it('opens the changes of that policy from the lens', async () => {
    const w = wb();
    await w.editor.locator('.codelens-decoration a', { hasText: 'vs HEAD' }).click();
    await w.step('changes-of-policy', async () => {
      await w.page.locator(`.part.editor .tab[aria-label^="Connectivity changes of default/deny-external-egress vs HEAD (${head})"]`).waitFor();
      await waitFor('the four added connections in the view', async () => JSON.stringify(await viewRows()) === JSON.stringify(ADDED));
    });
  });

  it('shows every change of the workspace from the Command Palette, and opens the rule behind a row', async () => {
    const w = wb();
    await w.openFile('policy.yaml');
    await w.step('changes-from-palette', () => w.runCommand('NetPol Lens: Show connectivity changes'));
    await w.step('changes-view', async () => {
      await w.page.locator(`.part.editor .tab[aria-label^="Connectivity changes vs HEAD (${head})"]`).waitFor();
      assert.deepEqual(await viewRows(), ADDED);
      const view = w.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      assert.equal(await view.locator('#summary').textContent(), '4 connections added, 0 removed.');
    });
    await w.step('row-opens-rule', async () => {
      const view = w.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await view.locator('#changes tr.change', { hasText: '10.0.0.0/8' }).click();
      // The rule is selected in the editor, in the unsaved text: egress[1], from its `to:` (column 5) to the
      // end of line 25, where the cursor stands.
      await w.page.locator('.part.editor .tab.active[aria-label^="policy.yaml"]').waitFor();
      const selection = `Ln 25, Col ${SECOND_RULE.length + 1} (${SECOND_RULE.length - 4} selected)`;
      await w.page.locator('#status\\.editor\\.selection', { hasText: selection }).waitFor();
    });
  });

  it('counts against the new HEAD once the saved edit is committed outside the editor: the lens goes', async () => {
    const w = wb();
    await w.openFile('policy.yaml');
    await w.step('saved-still-vs-head', async () => {
      await w.save();
      await w.expectCodeLenses(['selects 1 workload | vs HEAD: +4 connections, -0']);
    });
    git(workspace, 'commit', '-q', '-am', 'keep in-cluster traffic: the private ranges');
    // Nothing happens in the editor: the watcher of .git tells the server, which asks for the lenses again.
    await w.step('committed-no-lens', () => w.expectCodeLenses(['selects 1 workload']));
  });
});
