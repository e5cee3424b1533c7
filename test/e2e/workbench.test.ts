/**
 * NetPol Lens in a real VS Code: the packaged extension installed into code-server, driven through
 * Debian's Chromium with playwright-core, every check read from the page as a person would see it.
 * Needs `scripts/e2e/setup.sh` and `npm run package` first; `npm run test:e2e` does both.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertNoOwnDiagnostics } from './support/canary';
import { CodeServer } from './support/codeServer';
import { e2ePaths, REPO, RESULTS_DIR, runDir } from './support/paths';
import { problemLabel, serverView } from './support/serverLogic';
import { expandWithDefaults, findSnippet } from './support/snippets';
import { waitFor } from './support/wait';
import { Workbench } from './support/workbench';

const VSIX = path.join(REPO, 'dist', 'netpol-lens.vsix');
const FIXTURES = path.join(__dirname, 'fixtures');
const SNIPPET_PREFIX = 'netpol-deny-external';

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

describe('NetPol Lens in VS Code (code-server + Chromium)', { timeout: 300_000 }, () => {
  const shots = path.join(RESULTS_DIR, 'workbench');
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let workspace = '';

  function wb(): Workbench {
    if (!workbench) throw new Error('the workbench did not open');
    return workbench;
  }

  before(async () => {
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
    const paths = e2ePaths();
    const dir = runDir(paths.cache, 'workbench');
    rmSync(shots, { recursive: true, force: true });
    server = await CodeServer.start(paths, dir, { extensions: [VSIX] });
    workspace = path.join(dir, 'workspace');
    cpSync(path.join(FIXTURES, 'workspace'), workspace, { recursive: true });
    workbench = await Workbench.open(paths, dir, server.url, workspace, shots);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    server?.keepLogs(path.join(shots, 'logs'));
  });

  it('shows the missing-DNS warning: squiggle, hover and Problems row', async () => {
    const { findings } = await serverView(workspace, 'dns-missing.yaml');
    const expected = findings.find((f) => f.code === 'NP201');
    assert.ok(expected, 'the server reports NP201 for the fixture');
    const w = wb();
    await w.step('open-dns-missing', () => w.openFile('dns-missing.yaml'));
    // Every finding is a row, with its severity, message and position (the first waits for activation
    // and the server's start, slow on two loaded cores: it gets a longer timeout than later checks).
    const rows = await w.expectProblems('dns-missing.yaml', findings.map(problemLabel), 60_000);
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

  it('shows the workload count above the policy it was opened with, before any edit', async () => {
    // The first YAML file opened starts the server, which indexes the workspace in the background:
    // the editor's first request for lenses may come before the index is built, and it asks again
    // only when the server says so (workspace/codeLens/refresh) or the text changes, which it has not.
    const { lensTitles } = await serverView(workspace, 'dns-missing.yaml');
    assert.deepEqual(lensTitles, ['selects 1 workload'], 'the server counts the Deployment of the workspace');
    const w = wb();
    assert.equal(await w.page.locator('.part.editor .tab.active.dirty').count(), 0, 'the file is unchanged since it was opened');
    await w.step('code-lens', () => w.expectCodeLenses(lensTitles));
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
    await w.expectProblems('dns-missing.yaml', findings.map(problemLabel));
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

  it('shows an error squiggle on a value the API server rejects (protocol: udp)', async (t) => {
    const { findings } = await serverView(workspace, 'protocol-udp.yaml');
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length === 0) {
      t.skip('no rule reports `protocol: udp` yet: the API-server validation rules (NP1xx, issue 4) have not landed');
      return;
    }
    const w = wb();
    await w.closeAllEditors();
    await w.openFile('protocol-udp.yaml');
    await w.expectProblems('protocol-udp.yaml', findings.map(problemLabel));
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
      await w.step(`setting-${name}`, () => w.expectProblems(file, findings.map(problemLabel)));
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
});
