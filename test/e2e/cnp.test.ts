/**
 * ClusterNetworkPolicy in a real VS Code (code-server + Chromium, as workbench.test.ts): a CNP1xx error
 * squiggle with its hover and Problems row, and CNP002's quick fix rewriting an AdminNetworkPolicy as a
 * ClusterNetworkPolicy, saved to disk, after which the server reports nothing. Screenshots of each step
 * go to test-results/e2e/cnp/. Needs `scripts/e2e/setup.sh` and `npm run package` first.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeServer } from './support/codeServer';
import { problemLabel, problemLabels, serverView } from './support/serverLogic';
import { waitFor } from './support/wait';
import { closeSession, openSession } from './support/session';
import type { Workbench } from './support/workbench';

const FIXTURES = path.join(__dirname, 'fixtures');

/** The page's DOM element, as far as this test reads it (the tests are compiled without the DOM library). */
interface DomElement {
  getAttribute(name: string): string | null;
}

/**
 * Ctrl+. until the Quick Fix menu shows: on a short line such as `kind: AdminNetworkPolicy` the editor
 * draws its light bulb in the gutter, not where Workbench.openQuickFix waits for it.
 */
async function quickFixMenu(w: Workbench): Promise<{ focused: string; all: string[] }> {
  const rows = w.page.locator('.action-widget .monaco-list-row');
  await waitFor(
    'the Quick Fix menu',
    async () => {
      if (await rows.first().isVisible()) return true;
      await w.page.keyboard.press('Control+.');
      return rows.first().waitFor({ timeout: 5000 }).then(
        () => true,
        () => undefined,
      );
    },
    { timeoutMs: 45_000 },
  );
  const focused = (await w.page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label')) ?? '';
  const all = await rows.evaluateAll((elements: DomElement[]) => elements.map((e) => e.getAttribute('aria-label') ?? ''));
  return { focused, all };
}

describe('ClusterNetworkPolicy in VS Code (code-server + Chromium)', { timeout: 300_000 }, () => {
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let workspace = '';

  function wb(): Workbench {
    if (!workbench) throw new Error('the workbench did not open');
    return workbench;
  }

  before(async () => {
    ({ server, workbench, workspace } = await openSession('cnp', {
      prepare: (workspace) => {
        cpSync(path.join(FIXTURES, 'cnp-workspace'), workspace, { recursive: true });
      },
    }));
  });

  after(() => closeSession('cnp', { server, workbench }));

  it('shows the CRD error on `tier: admin`: squiggle, hover and Problems row', async () => {
    const { findings } = await serverView(workspace, 'cnp-invalid.yaml');
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => `${f.code} ${f.message}`),
      ['CNP104 Unsupported value: "admin": supported values: "Admin", "Baseline"'],
      'the server reports the enum error as the one error',
    );
    const w = wb();
    await w.step('open-cnp-invalid', () => w.openFile('cnp-invalid.yaml'));
    const rows = await w.expectProblems('cnp-invalid.yaml', problemLabels(findings));
    assert.ok(rows.find((r) => r.ariaLabel === problemLabel(errors[0]!))?.text.includes('CNP104'), `the row shows the code: ${JSON.stringify(rows)}`);
    const squiggle = w.squiggles('error');
    await w.step('cnp-error-squiggle', async () => {
      await waitFor('one error squiggle', async () => (await squiggle.count()) === 1, { timeoutMs: 60_000 });
      assert.equal(await w.lineUnder(squiggle), '  tier: admin');
    });
    await w.step('cnp-error-hover', () => w.hoverUntil('shows the message and CNP104', squiggle, (text) => text.includes(errors[0]!.message) && /netpol-lens.*CNP104/.test(text)));
    await w.dismissHover();
  });

  it('rewrites an AdminNetworkPolicy as a ClusterNetworkPolicy with Ctrl+. and Enter', async () => {
    const file = 'anp.yaml';
    const { findings } = await serverView(workspace, file);
    const migration = findings.find((f) => f.code === 'CNP002');
    assert.ok(migration, 'the server reports CNP002 on the AdminNetworkPolicy');
    const w = wb();
    await w.closeAllEditors();
    await w.step('open-anp', () => w.openFile(file));
    await w.expectProblems(file, problemLabels(findings));
    await waitFor('one information squiggle', async () => (await w.squiggles('info').count()) === 1, { timeoutMs: 60_000 });
    await w.goTo(migration.range.start.line + 1, migration.range.start.character + 2);
    const menu = await w.step('migration-quick-fix-menu', () => quickFixMenu(w));
    assert.equal(menu.focused, 'Rewrite as a ClusterNetworkPolicy (tier Admin), Quick Fix', `the fix is offered first, menu: ${JSON.stringify(menu.all)}`);
    await w.page.keyboard.press('Enter');
    await w.step('migration-applied', () => w.editor.locator('.view-line', { hasText: 'kind: ClusterNetworkPolicy' }).waitFor());
    await w.step('migration-saved', () => w.save());
    assert.equal(readFileSync(path.join(workspace, file), 'utf8'), readFileSync(path.join(FIXTURES, 'expected', 'anp.fixed.yaml'), 'utf8'));
    // The rewritten object is a valid ClusterNetworkPolicy: the server reports nothing on it, nor does the page.
    const after = await serverView(workspace, file);
    assert.deepEqual(after.findings.map((f) => f.code), []);
    await w.step('migration-clean', () => waitFor('no squiggle left', async () => (await w.squiggles().count()) === 0));
  });
});
