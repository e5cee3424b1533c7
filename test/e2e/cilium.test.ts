/**
 * A Cilium finding and its fix in a real VS Code (code-server + Chromium, as workbench.test.ts): a
 * CiliumNetworkPolicy with toFQDNs and no DNS rule shows CIL201 (and CIL202) as warning squiggles and
 * Problems rows; Ctrl+. on toFQDNs offers "Add a DNS rule through Cilium's DNS proxy" first, Enter
 * applies it, and the saved file is the expected one, with no diagnostic left. Screenshots in
 * test-results/e2e/cilium.
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

const FIXTURES = path.join(__dirname, 'fixtures', 'cilium');
const FILE = 'fqdn-no-dns.yaml';

describe('Cilium policies in VS Code (code-server + Chromium)', { timeout: 300_000 }, () => {
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let workspace = '';

  function wb(): Workbench {
    if (!workbench) throw new Error('the workbench did not open');
    return workbench;
  }

  before(async () => {
    ({ server, workbench, workspace } = await openSession('cilium', {
      prepare: (workspace) => {
        cpSync(path.join(FIXTURES, 'workspace'), workspace, { recursive: true });
      },
    }));
  });

  after(() => closeSession('cilium', { server, workbench }));

  it('shows CIL201 on toFQDNs: squiggle, hover and Problems row', async () => {
    const { findings } = await serverView(workspace, FILE);
    assert.deepEqual(findings.map((f) => f.code).sort(), ['CIL201', 'CIL202'], 'the server reports CIL201 and CIL202 for the fixture');
    const cil201 = findings.find((f) => f.code === 'CIL201')!;
    const w = wb();
    await w.openFile(FILE);
    const rows = await w.expectProblems(FILE, problemLabels(findings));
    assert.ok(rows.find((r) => r.ariaLabel === problemLabel(cil201))?.text.includes('CIL201'), `the row shows the code: ${JSON.stringify(rows)}`);
    const squiggles = w.squiggles('warning');
    await w.step('cilium-warning-squiggles', async () => {
      await waitFor('two warning squiggles in the file', async () => (await squiggles.count()) === 2);
    });
    const onFqdn = w.editor.locator('.view-line', { hasText: '- toFQDNs:' });
    await w.step('cilium-hover', () =>
      w.hoverUntil('shows the CIL201 message', squiggles.nth(1), (text) => text.includes(cil201.message) && /netpol-lens.*CIL201/.test(text)),
    );
    await w.dismissHover();
    assert.equal(await onFqdn.count(), 1);
  });

  it('applies "Add a DNS rule through Cilium\'s DNS proxy" with Ctrl+. and Enter, and saves the expected file', async () => {
    const w = wb();
    const cil201 = (await serverView(workspace, FILE)).findings.find((f) => f.code === 'CIL201');
    assert.ok(cil201);
    await w.goTo(cil201.range.start.line + 1, cil201.range.start.character + 2);
    const menu = await w.step('cilium-quick-fix-menu', () => w.openQuickFix());
    assert.equal(menu.focused, "Add a DNS rule through Cilium's DNS proxy, Quick Fix", `the fix is offered first, menu: ${JSON.stringify(menu.all)}`);
    await w.page.keyboard.press('Enter');
    await w.step('cilium-fix-applied', () => w.squiggles('warning').first().waitFor({ state: 'detached' }));
    await w.step('cilium-saved', () => w.save());
    assert.equal(readFileSync(path.join(workspace, FILE), 'utf8'), readFileSync(path.join(FIXTURES, 'expected', 'fqdn-no-dns.fixed.yaml'), 'utf8'));
    const { findings } = await serverView(workspace, FILE);
    assert.deepEqual(findings, [], 'nothing is left to report');
    await w.step('cilium-no-problems', () => w.expectProblems(FILE, []));
  });
});
