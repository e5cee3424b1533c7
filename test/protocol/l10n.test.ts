/**
 * The language server answers in Simplified Chinese when the client initializes it with `locale: "zh-cn"`
 * (VS Code's display language, or what Neovim and Emacs send): diagnostics, their links, quick-fix titles,
 * hovers, code lenses, completion details and the indexing progress. Without a locale it speaks English.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CodeLens, CompletionItem, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lspClient';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'dns-udp-only');
const policyText = readFileSync(path.join(EXAMPLE, 'policy.yaml'), 'utf8');

describe('language server initialized with locale zh-cn', () => {
  const client = new LspTestClient();
  const folder = mkdtempSync(path.join(tmpdir(), 'netpol-l10n-'));
  const uri = pathToFileURL(path.join(folder, 'policy.yaml')).href;
  const progress: { kind: string; title?: string; message?: string }[] = [];
  let published: PublishDiagnosticsParams;

  before(async () => {
    writeFileSync(path.join(folder, 'policy.yaml'), policyText);
    writeFileSync(path.join(folder, 'workloads.yaml'), readFileSync(path.join(EXAMPLE, 'workloads.yaml'), 'utf8'));
    client.connection.onRequest('window/workDoneProgress/create', () => null);
    client.connection.onNotification('$/progress', (p: { value: { kind: string; title?: string; message?: string } }) => {
      progress.push(p.value);
    });
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      locale: 'zh-cn',
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }],
      capabilities: {
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
      },
    });
    await client.connection.sendNotification('initialized', {});
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: policyText } });
    // The first publication may come before the workspace is indexed (no workloads yet): wait for the one that names them.
    for (;;) {
      published = await client.nextDiagnostics(uri);
      if (published.diagnostics.some((d) => typeof d.message === 'string' && d.message.includes('Deployment api'))) break;
    }
  });
  after(async () => {
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('publishes the NP202 warning in Chinese, linked to the Chinese rule page', () => {
    const [diagnostic] = published.diagnostics;
    assert.equal(diagnostic!.code, 'NP202');
    assert.equal(
      diagnostic!.message,
      'DNS 在 UDP 上被允许，但在 TCP 端口 53 上没有被允许（对 Deployment api 而言）：UDP 装不下的应答会改用 TCP 重试，因此较大的查询会失败。',
    );
    assert.equal(diagnostic!.codeDescription?.href, 'https://github.com/netpol-lens/netpol-lens/blob/main/docs/zh-cn/rules/NP202.md');
  });

  it('offers the quick fix under a Chinese title', async () => {
    const diagnostic = published.diagnostics[0]!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    assert.deepEqual(actions.map((a) => a.title), ['同时允许通过 TCP 访问 DNS']);
  });

  it('hovers in Chinese: the policy explained, and the defaulted protocol', async () => {
    const kind = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 2 } });
    const explained = (kind.contents as { value: string }).value;
    assert.match(explained, /^\*\*NetworkPolicy shop\/api-egress\*\*/);
    assert.ok(explained.includes('- 来自名字空间 shop 中的 Pod app=api 的出站流量：只允许到名字空间 kubernetes.io/metadata.name=kube-system 中的带有 k8s-app=kube-dns 的 Pod，端口 53/UDP；'), explained);
    const line = policyText.split('\n').findIndex((l) => l === '    - port: 5432');
    const port = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character: 8 } });
    assert.ok((port.contents as { value: string }).value.includes('protocol：**TCP**（未写明：API 服务器默认设为 TCP）。'), JSON.stringify(port.contents));
    // A field's documentation: the official Chinese API reference's text.
    const policyTypes = policyText.split('\n').findIndex((l) => l === '  policyTypes:');
    const field = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: policyTypes, character: 4 } });
    const value = (field.contents as { value: string }).value;
    assert.ok(value.startsWith('**spec.policyTypes**\n\n`policyTypes` · `[]v1.PolicyType`\n\n`policyTypes` 是 NetworkPolicy 相关的规则类型列表。'), value);
  });

  it('puts a Chinese code lens above the policy', async () => {
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => l.command?.title), ['选择了 1 个工作负载']);
  });

  it('details label completions in Chinese', async () => {
    const text = policyText.replace('      app: api\n', '      app: api\n      \n');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    const line = text.split('\n').findIndex((l) => l === '      ');
    const items = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: 6 } });
    assert.ok(items.length > 0);
    for (const item of items) assert.match(item.detail ?? '', /^匹配 \d+ 个工作负载$/, JSON.stringify(item));
  });

  it('titles the indexing progress in Chinese', () => {
    assert.equal(progress.find((p) => p.kind === 'begin')?.title, 'NetPol Lens：正在为工作区建立索引');
  });
});

describe('language server: initializationOptions.locale (VS Code\'s netpolLens.locale) over the client\'s locale', () => {
  const text = readFileSync(path.join(EXAMPLE, 'policy.yaml'), 'utf8');
  const uri = 'file:///l10n/policy.yaml';

  async function firstMessage(locale: string | undefined, options: unknown): Promise<string> {
    const client = new LspTestClient();
    client.locale = locale;
    client.initializationOptions = options;
    try {
      await client.initialize();
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      const published = await client.diagnosticsForVersion(uri, 1);
      const message = published.diagnostics[0]?.message;
      return typeof message === 'string' ? message : JSON.stringify(message);
    } finally {
      await client.stop();
    }
  }

  it('speaks Chinese when asked to, whatever the display language', async () => {
    assert.match(await firstMessage('en', { locale: 'zh-cn' }), /^DNS 在 UDP 上被允许/);
  });

  it('speaks English when asked to in a Chinese editor, and follows the editor otherwise', async () => {
    assert.match(await firstMessage('zh-cn', { locale: 'en' }), /^DNS is allowed on UDP/);
    assert.match(await firstMessage('zh-cn', {}), /^DNS 在 UDP 上被允许/);
    assert.match(await firstMessage(undefined, undefined), /^DNS is allowed on UDP/);
  });
});
