/**
 * NetPol Lens in a real VS Code: the packaged extension installed into code-server, driven through
 * Debian's Chromium with playwright-core, every check read from the page as a person would see it.
 * Needs `scripts/e2e/setup.sh` and `npm run package` first; `npm run test:e2e` does both.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertNoOwnDiagnostics } from './support/canary';
import type { CodeServer } from './support/codeServer';
import { problemLabel, problemLabels, serverView } from './support/serverLogic';
import { expandWithDefaults, findSnippet } from './support/snippets';
import { waitFor } from './support/wait';
import { closeSession, openSession } from './support/session';
import type { Workbench } from './support/workbench';

const FIXTURES = path.join(__dirname, 'fixtures');
const SNIPPET_PREFIX = 'netpol-deny-external';
const BULK_FILES = 2500;

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** Markdown as the hover renders it, one line of plain text per paragraph, list item or table row. */
function plainLines(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => line.trim() !== '' && line.trim() !== '---' && !/^\|[-|]+\|$/.test(line.trim()))
    .map((line) => line.replace(/^- /, '').replace(/\*\*|`/g, '').replace(/\|/g, ' ').replace(/\s+/g, ''));
}

/**
 * Enough YAML files (ConfigMaps: no workload, no policy) that the server's background scan of the
 * workspace, which yields between files, is still running when the editor first asks for code lenses
 * of the file it was opened with: about a second on this machine, longer than that first request takes.
 */
function writeBulk(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < BULK_FILES; i++) {
    const name = `bulk-${String(i).padStart(4, '0')}`;
    writeFileSync(path.join(dir, `${name}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  key: value\n`);
  }
}

describe('NetPol Lens in VS Code (code-server + Chromium)', { timeout: 300_000 }, () => {
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let workspace = '';

  function wb(): Workbench {
    if (!workbench) throw new Error('the workbench did not open');
    return workbench;
  }

  before(async () => {
    ({ server, workbench, workspace } = await openSession('workbench', {
      prepare: (workspace) => {
        cpSync(path.join(FIXTURES, 'workspace'), workspace, { recursive: true });
        writeBulk(path.join(workspace, 'generated'));
      },
    }));
  });

  after(() => closeSession('workbench', { server, workbench }));

  it('shows the workload count above the first policy opened, with nothing else done', async () => {
    // Opening the first YAML file starts the server, which then indexes the workspace in the background
    // (BULK_FILES make that take a while): the editor's first request for lenses often comes before the
    // index is built, and gets none. It asks again when the server says so (workspace/codeLens/refresh);
    // otherwise only after an edit or other activity in the editor, so nothing but opening the file
    // happens before this check. The next test is the one that fails for certain without the refresh.
    const { lensTitles } = await serverView(workspace, 'dns-missing.yaml');
    assert.deepEqual(lensTitles, ['selects 1 workload'], 'the server counts the Deployment of the workspace');
    const w = wb();
    await w.step('open-dns-missing', () => w.openFile('dns-missing.yaml'));
    // The first wait of the suite: the extension activates, the server starts and indexes the workspace,
    // slow on two cores loaded by other work, so it gets longer than later checks.
    await w.step('code-lens', () => w.expectCodeLenses(lensTitles, 60_000));
  });

  it('counts a workload written to disk in the lens, and forgets it when deleted, with nothing done in the editor', async () => {
    // The file watcher tells the server, which asks the editor to fetch lenses again; nothing else would.
    const w = wb();
    const second = path.join(workspace, 'second-workload.yaml');
    writeFileSync(second, readFileSync(path.join(workspace, 'deployment.yaml'), 'utf8').replace('name: restricted-app\n', 'name: restricted-app-2\n'));
    try {
      const { lensTitles } = await serverView(workspace, 'dns-missing.yaml');
      assert.deepEqual(lensTitles, ['selects 2 workloads']);
      await w.step('code-lens-file-added', () => w.expectCodeLenses(lensTitles));
    } finally {
      rmSync(second, { force: true });
    }
    await w.step('code-lens-file-deleted', () => w.expectCodeLenses(['selects 1 workload']));
  });

  it('shows the missing-DNS warning: squiggle, hover and Problems row', async () => {
    const { findings } = await serverView(workspace, 'dns-missing.yaml');
    const expected = findings.find((f) => f.code === 'NP201');
    assert.ok(expected, 'the server reports NP201 for the fixture');
    const w = wb();
    // Every finding is a row, with its severity, message and position.
    const rows = await w.expectProblems('dns-missing.yaml', problemLabels(findings));
    assert.ok(rows.find((r) => r.ariaLabel === problemLabel(expected))?.text.includes('NP201'), `the row shows the code: ${JSON.stringify(rows)}`);
    const squiggle = w.squiggles('warning');
    await w.step('warning-squiggle', async () => {
      // Decorations render on the editor's next frame, apart from the panel.
      await waitFor('one warning squiggle in the file', async () => (await squiggle.count()) === 1);
      assert.equal(await w.lineUnder(squiggle), '  - Egress', 'the squiggle is under the Egress policy type');
    });
    await w.step('hover', () =>
      w.hoverUntil('shows the message, our source and NP201', squiggle, (text) => text.includes(expected.message) && /netpol-lens.*NP201/.test(text)),
    );
    await w.dismissHover();
  });

  it('applies "Add kube-dns egress rule" with Ctrl+. and Enter, and saves the expected file', async () => {
    const w = wb();
    const squiggle = w.squiggles('warning');
    const np201 = (await serverView(workspace, 'dns-missing.yaml')).findings.find((f) => f.code === 'NP201');
    assert.ok(np201);
    // The cursor inside the diagnostic's range: Go to Line rather than a click, which a code lens
    // arriving above could move to another line.
    await w.goTo(np201.range.start.line + 1, np201.range.start.character + 2);
    const menu = await w.step('quick-fix-menu', () => w.openQuickFix());
    assert.equal(menu.focused, 'Add kube-dns egress rule, Quick Fix', `the fix is offered first, menu: ${JSON.stringify(menu.all)}`);
    await w.page.keyboard.press('Enter');
    await w.step('fix-applied', () => squiggle.waitFor({ state: 'detached' }));
    await w.step('saved', () => w.save());
    assert.equal(readFileSync(path.join(workspace, 'dns-missing.yaml'), 'utf8'), fixture('expected/dns-missing.fixed.yaml'), 'the file on disk is the deny-external-egress template');
    // What remains is what the server reports on the template (NP403: its name promises more than it does).
    const { findings } = await serverView(workspace, 'dns-missing.yaml');
    assert.ok(!findings.some((f) => f.code === 'NP201'));
    await w.expectProblems('dns-missing.yaml', problemLabels(findings));
  });

  it(`inserts the ${SNIPPET_PREFIX} snippet with Ctrl+Space and Enter; the result has no diagnostic`, async () => {
    const w = wb();
    const snippet = findSnippet('yaml', SNIPPET_PREFIX);
    await w.closeAllEditors();
    await w.openFile('snippet.yaml');
    await w.page.keyboard.type(SNIPPET_PREFIX);
    // The typed text reaches the editor's model apart from the keys: suggest only once it is there.
    await w.editor.locator('.view-line', { hasText: SNIPPET_PREFIX }).waitFor();
    await w.page.keyboard.press('Control+Space');
    // Our snippet, focused first (completions from the server may come later and must not push it down).
    await w.step('snippet-suggested', () =>
      w.page.locator(`.editor-widget.suggest-widget.visible .monaco-list-row.focused[aria-label^="${snippet.label},"]`).waitFor(),
    );
    await w.page.keyboard.press('Enter');
    await w.page.locator('.editor-widget.suggest-widget.visible').waitFor({ state: 'detached' });
    // Tab stops keep their defaults, which make a valid policy.
    await w.page.keyboard.press('Escape');
    await w.step('snippet-inserted', () => w.save());
    assert.equal(readFileSync(path.join(workspace, 'snippet.yaml'), 'utf8'), expandWithDefaults(snippet), 'the template, as the snippet defines it');
    await w.step('snippet-no-diagnostic', () => assertNoOwnDiagnostics(w, workspace, 'snippet.yaml'));
  });

  for (const file of ['deployment.yaml', 'chart/values.yaml']) {
    it(`reports nothing on ${file}, which is not a NetworkPolicy`, async () => {
      const w = wb();
      await w.closeAllEditors();
      await w.openFile(path.basename(file));
      await w.step(`${path.basename(file)}-no-diagnostic`, () => assertNoOwnDiagnostics(w, workspace, file));
    });
  }

  it('shows an error squiggle on a value the API server rejects (protocol: udp)', async () => {
    const { findings } = await serverView(workspace, 'protocol-udp.yaml');
    const errors = findings.filter((f) => f.severity === 'error');
    // The API server rejects `protocol: udp`: a server that says nothing here is broken, not unfinished.
    assert.deepEqual(
      errors.map((e) => e.code),
      ['NP101'],
      'the server reports NP101 (invalid-protocol) as the one error on protocol-udp.yaml',
    );
    const w = wb();
    await w.closeAllEditors();
    await w.openFile('protocol-udp.yaml');
    await w.expectProblems('protocol-udp.yaml', problemLabels(findings));
    const squiggle = w.squiggles('error');
    await w.step('protocol-error', async () => {
      await waitFor(`${errors.length} error squiggle(s)`, async () => (await squiggle.count()) === errors.length);
      assert.equal(await w.lineUnder(squiggle.first()), '      protocol: udp');
    });
    await w.step('protocol-hover', () =>
      w.hoverUntil(`shows ${errors.map((e) => e.code).join(', ')}`, squiggle.first(), (text) => errors.every((e) => text.includes(e.message) && text.includes(e.code))),
    );
    await w.dismissHover();
  });

  it('turns a rule off and back on from the workspace settings, without a reload', async () => {
    const w = wb();
    const file = 'rule-setting.yaml';
    const settings = path.join(workspace, '.vscode', 'settings.json');
    await w.closeAllEditors();
    await w.openFile(file);
    for (const [name, rules] of [['default', undefined], ['off', { NP201: 'off' }], ['error', { NP201: 'error' }]] as const) {
      if (rules) {
        mkdirSync(path.dirname(settings), { recursive: true });
        writeFileSync(settings, JSON.stringify({ 'netpolLens.rules': rules }, null, 2));
      }
      const { findings } = await serverView(workspace, file, { netpolLens: rules && { rules } });
      assert.equal(findings.some((f) => f.code === 'NP201'), name !== 'off');
      await w.step(`setting-${name}`, () => w.expectProblems(file, problemLabels(findings)));
    }
    const error = w.squiggles('error');
    await waitFor('one error squiggle', async () => (await error.count()) === 1);
    assert.equal(await w.lineUnder(error), '  - Egress');
  });

  it('explains a policy on hover', async () => {
    const w = wb();
    const file = 'dns-missing.yaml';
    const text = readFileSync(path.join(workspace, file), 'utf8');
    const line = text.split('\n').indexOf('kind: NetworkPolicy');
    const markdown = (await serverView(workspace, file)).hover({ line, character: 1 });
    assert.ok(markdown, 'the server has a hover on the policy');
    assert.ok(markdown.includes('deny-external-egress'), 'the hover explains the policy');
    // What the server sends: the explanation, then the API documentation of `kind`.
    const expected = plainLines(markdown);
    await w.closeAllEditors();
    await w.openFile(file);
    const kind = w.editor.locator('.view-line', { hasText: 'kind: NetworkPolicy' });
    const hover = await w.step('policy-explanation', () =>
      w.hoverUntil('explains the policy', kind, (text) => expected.every((line) => text.replace(/\s+/g, '').includes(line)), 2),
    );
    assert.ok(hover.includes('deny-external-egress'));
  });

  it('opens "NetPol Lens: Show connectivity" from the Command Palette, as a user does', async () => {
    const w = wb();
    await w.closeAllEditors();
    await w.openFile('dns-missing.yaml');
    // Typed into the palette: only a command the manifest contributes is offered there.
    await w.step('connectivity-from-palette', () => w.runCommand('NetPol Lens: Show connectivity'));
    await w.step('connectivity-view', async () => {
      await w.page.locator('.part.editor .tab[aria-label^="Connectivity"]').waitFor();
      // The webview's document sits in an inner frame of code-server's webview iframe.
      const view = w.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await view.locator('h2', { hasText: 'Connectivity' }).waitFor();
      // deployment.yaml's workload is a node of the graph, and so is the cluster DNS, which no workspace holds.
      await view.locator('svg#graph text', { hasText: 'restricted-app' }).first().waitFor();
      await view.locator('svg#graph text', { hasText: 'kube-dns in kube-system' }).first().waitFor();
      // The matrix cell from the policy's pods to the DNS is the set of ports its rule allows.
      await view.locator('#matrix td', { hasText: 'TCP 53, UDP 53' }).first().waitFor();
    });
  });
});
