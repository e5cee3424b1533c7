/**
 * NetPol Lens in Simplified Chinese in a real VS Code (issue #20): code-server started with `--locale zh-cn`.
 * VS Code's own Chinese comes from a language pack from the Marketplace, which cannot be had here, so
 * code-server resolves its display language to English and hands the extension `en`; the user's
 * `netpolLens.locale: zh-cn` setting then asks for Chinese, and the extension's own strings (the squiggle's
 * message, the quick fix's title, the hovers, the code lens) must appear in Chinese, word for word what
 * the server says under zh-cn. Screenshots in test-results/e2e/zh-cn/.
 */
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setLocale } from '../../server/src/engine';
import type { CodeServer } from './support/codeServer';
import { serverView } from './support/serverLogic';
import { waitFor } from './support/wait';
import { closeSession, openSession } from './support/session';
import type { Workbench } from './support/workbench';

const FIXTURES = path.join(__dirname, 'fixtures');
const FILE = 'dns-missing.yaml';

describe('NetPol Lens in Chinese in VS Code (code-server --locale zh-cn + Chromium)', { timeout: 300_000 }, () => {
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let workspace = '';

  function wb(): Workbench {
    if (!workbench) throw new Error('the workbench did not open');
    return workbench;
  }

  before(async () => {
    // What the server says, computed here with the same engine in Chinese.
    setLocale('zh-cn');
    ({ server, workbench, workspace } = await openSession('zh-cn', {
      settings: { 'netpolLens.locale': 'zh-cn' },
      args: ['--locale', 'zh-cn'],
      prepare: (workspace) => {
        cpSync(path.join(FIXTURES, 'workspace'), workspace, { recursive: true });
      },
    }));
  });

  after(() => closeSession('zh-cn', { server, workbench }));

  it('shows the code lens in Chinese above the policy', async () => {
    const { lensTitles } = await serverView(workspace, FILE);
    assert.deepEqual(lensTitles, ['选择了 1 个工作负载']);
    const w = wb();
    await w.step('open', () => w.openFile(FILE));
    await w.step('code-lens', () => w.expectCodeLenses(lensTitles, 60_000));
  });

  it('shows the missing-DNS warning in Chinese on hover over its squiggle', async () => {
    const expected = (await serverView(workspace, FILE)).findings.find((f) => f.code === 'NP201');
    assert.ok(expected);
    assert.match(expected.message, /无法解析域名/);
    const w = wb();
    const squiggle = w.squiggles('warning');
    await waitFor('one warning squiggle in the file', async () => (await squiggle.count()) === 1);
    const hover = await w.step('squiggle-hover', () => w.hoverUntil('shows the Chinese message and NP201', squiggle, (text) => text.includes(expected.message) && text.includes('NP201')));
    assert.ok(hover.includes('无法解析域名'), hover);
    await w.dismissHover();
  });

  it('offers the quick fix under its Chinese title', async () => {
    const w = wb();
    const np201 = (await serverView(workspace, FILE)).findings.find((f) => f.code === 'NP201');
    assert.ok(np201);
    assert.equal(np201.fixes[0]?.title, '添加 kube-dns 出站规则');
    await w.goTo(np201.range.start.line + 1, np201.range.start.character + 2);
    const menu = await w.step('quick-fix-menu', () => w.openQuickFix());
    assert.ok(menu.focused.startsWith('添加 kube-dns 出站规则'), `menu: ${JSON.stringify(menu.all)}`);
    await w.page.keyboard.press('Escape');
  });

  it('explains the policy in Chinese on hover over its kind', async () => {
    const w = wb();
    const kind = w.editor.locator('.view-line', { hasText: 'kind: NetworkPolicy' });
    const hover = await w.step('policy-hover', () => w.hoverUntil('explains the policy in Chinese', kind, (text) => text.includes('来自') && text.includes('出站流量'), 2));
    assert.ok(hover.includes('deny-external-egress'), hover);
    await w.dismissHover();
  });
});
