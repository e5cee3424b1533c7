/**
 * "Show connectivity changes" and the "vs HEAD" code lens over the built server: a workspace folder in a
 * git repository with the seed's deny-external-egress policy committed, the article's second rule typed
 * in the editor (unsaved), then saved, then committed; and a folder without git, compared with the files
 * as last saved.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { CHANGES_REQUEST, SHOW_CHANGES_COMMAND, SHOW_WORKLOADS_COMMAND } from '../../shared/protocol';
import type { ChangesParams, ChangesResult } from '../../shared/protocol';
import { LspTestClient } from '../support/lspClient';

const SEED = path.join(__dirname, '..', 'fixtures', 'reach', 'seed');
const committed = readFileSync(path.join(SEED, 'deny-external-egress.yaml'), 'utf8');
const edited = readFileSync(path.join(SEED, 'private-ranges-rule.yaml'), 'utf8');

/** The article's second rule adds these, as `netpol-lens diff` says (docs/diff.md). */
const ADDED = [
  ['default/restricted-app', 'default/neighbour', 'all'],
  ['default/restricted-app', '10.0.0.0/8', 'all'],
  ['default/restricted-app', '172.16.0.0/12', 'all'],
  ['default/restricted-app', '192.168.0.0/16', 'all'],
];

function git(folder: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: folder, encoding: 'utf8' });
}

function triples(result: ChangesResult, kind: 'added' | 'removed'): string[][] {
  return result[kind].map((c) => [c.from, c.to, c.ports]);
}

/** How many workspace/codeLens/refresh requests each client received. */
const refreshes = new Map<LspTestClient, number>();

async function start(folder: string): Promise<LspTestClient> {
  const client = new LspTestClient();
  refreshes.set(client, 0);
  client.connection.onRequest('workspace/codeLens/refresh', () => {
    refreshes.set(client, refreshes.get(client)! + 1);
    return null;
  });
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }],
    capabilities: { workspace: { codeLens: { refreshSupport: true } } },
  });
  await client.connection.sendNotification('initialized', {});
  return client;
}

async function lenses(client: LspTestClient, uri: string): Promise<CodeLens[]> {
  return (await client.connection.sendRequest<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } })) ?? [];
}

/**
 * The titles of the document's "vs" lenses, asked again as an editor does after a refresh while the
 * workspace moved under them (a lens resolved after a change says `vs HEAD: …`).
 */
async function changeTitles(client: LspTestClient, uri: string): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    const unresolved = (await lenses(client, uri)).filter((l) => !l.command);
    const titles = await Promise.all(unresolved.map(async (l) => (await client.connection.sendRequest<CodeLens>('codeLens/resolve', l)).command!.title));
    if (!titles.some((t) => t.endsWith('…')) || attempt === 20) return titles;
  }
}

describe('connectivity changes in a git repository', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'netpol-lens-changes-'));
  const policyFile = path.join(folder, 'policy.yaml');
  const uri = pathToFileURL(policyFile).href;
  let client: LspTestClient;
  let head = '';

  before(async () => {
    git(folder, 'init', '-q', '.');
    copyFileSync(path.join(SEED, 'workloads.yaml'), path.join(folder, 'workloads.yaml'));
    writeFileSync(policyFile, committed);
    git(folder, 'add', '.');
    git(folder, 'commit', '-q', '-m', 'the article first version');
    head = git(folder, 'rev-parse', '--short=7', 'HEAD').trim();
    client = await start(folder);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: committed } });
  });
  after(async () => {
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('finds no change while the document is as committed, and puts no lens on the policy', async () => {
    const result = await client.connection.sendRequest<ChangesResult>(CHANGES_REQUEST, { uri });
    assert.equal(result.against, `HEAD (${head})`);
    assert.deepEqual([result.added, result.removed, result.notes], [[], [], []]);
    assert.deepEqual((await lenses(client, uri)).map((l) => l.command?.command), [SHOW_WORKLOADS_COMMAND]);
  });

  it('compares the unsaved edit with HEAD: the four connections the second rule opens, with the rule that allows them', async () => {
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    const result = await client.connection.sendRequest<ChangesResult>(CHANGES_REQUEST, { uri });
    assert.deepEqual(triples(result, 'added'), ADDED);
    assert.deepEqual(result.removed, []);
    assert.equal(result.policy, undefined);
    const internet = result.added[1]!;
    assert.deepEqual(internet.because, ['allowed by default/deny-external-egress spec.egress[1]']);
    // The rule as it is in the editor's text (not on disk, where it does not exist yet).
    assert.deepEqual(internet.rules, [{ uri, range: { start: { line: 24, character: 4 }, end: { line: 30, character: 28 } }, title: 'default/deny-external-egress spec.egress[1]' }]);
    assert.equal(edited.split('\n')[24], '  - to:');
  });

  it('puts "vs HEAD: +4 connections, -0" on the edited policy, computed on resolve, opening the view of that policy', async () => {
    const all = await lenses(client, uri);
    const unresolved = all.filter((l) => !l.command);
    assert.equal(unresolved.length, 1);
    // On the policy's name, beside "selects 1 workload".
    const selects = all.find((l) => l.command?.command === SHOW_WORKLOADS_COMMAND)!;
    assert.deepEqual(unresolved[0]!.range, { start: { line: 4, character: 8 }, end: { line: 4, character: 8 } });
    assert.equal(selects.range.start.line, 4);
    const resolved = await client.connection.sendRequest<CodeLens>('codeLens/resolve', unresolved[0]);
    assert.equal(resolved.command?.title, 'vs HEAD: +4 connections, -0');
    assert.equal(resolved.command?.command, SHOW_CHANGES_COMMAND);
    const [params] = resolved.command.arguments as [ChangesParams];
    assert.deepEqual(params, { uri, policy: { uri, key: '/deny-external-egress' } });
    const one = await client.connection.sendRequest<ChangesResult>(CHANGES_REQUEST, params);
    assert.equal(one.policy, 'default/deny-external-egress');
    assert.deepEqual(triples(one, 'added'), ADDED);
  });

  it('counts only its own policy when two are edited; a removed rule is a removed connection, located at the policy that isolates now', async () => {
    const dnsOnlyUdp = committed.replace('    - port: 53\n      protocol: TCP\n', '');
    const other = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-neighbour-ingress\nspec:\n  podSelector:\n    matchLabels:\n      app: neighbour\n  policyTypes: [Ingress]\n`;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: dnsOnlyUdp + other }] });
    const all = (await lenses(client, uri)).filter((l) => !l.command);
    assert.equal(all.length, 2);
    const titles = await Promise.all(all.map(async (l) => (await client.connection.sendRequest<CodeLens>('codeLens/resolve', l)).command?.title));
    // DNS over TCP cut; everything into the neighbour cut (from its fellow workloads and from every outside range).
    assert.deepEqual(titles, ['vs HEAD: +0 connections, -1', 'vs HEAD: +0 connections, -3']);
    const result = await client.connection.sendRequest<ChangesResult>(CHANGES_REQUEST, { uri });
    const dns = result.removed.find((c) => c.to === 'kube-system/coredns')!;
    assert.deepEqual([dns.from, dns.ports], ['default/restricted-app', 'TCP 53']);
    assert.deepEqual(dns.because, ['was allowed by default/deny-external-egress spec.egress[0]', 'kube-system/coredns was not isolated for ingress', 'default/restricted-app egress isolated by default/deny-external-egress; no rule allows TCP 53']);
    assert.deepEqual(
      dns.rules.map((r) => [r.title, r.range.start.line]),
      [['default/deny-external-egress', 1]],
    );
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: edited }] });
  });

  it("puts a deleted policy's lens on the first line, counting what its deletion opens", async () => {
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: '# moved elsewhere\n' }] });
    const unresolved = (await lenses(client, uri)).filter((l) => !l.command);
    assert.deepEqual(unresolved.map((l) => l.range.start), [{ line: 0, character: 0 }]);
    assert.deepEqual(await changeTitles(client, uri), ['vs HEAD (deny-external-egress deleted): +4 connections, -0']);
    const resolved = await client.connection.sendRequest<CodeLens>('codeLens/resolve', unresolved[0]);
    const one = await client.connection.sendRequest<ChangesResult>(CHANGES_REQUEST, resolved.command!.arguments![0]);
    assert.equal(one.policy, 'default/deny-external-egress');
    // Its pods are no longer isolated for egress: everything they could not reach before.
    assert.deepEqual(triples(one, 'added'), [
      ['default/restricted-app', 'default/neighbour', 'all'],
      ['default/restricted-app', 'kube-system/coredns', 'TCP 1-52,54-65535; UDP 1-52,54-65535; SCTP 1-65535'],
      ['default/restricted-app', '0.0.0.0/0', 'all'],
      ['default/restricted-app', '::/0', 'all'],
    ]);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ text: edited }] });
  });

  it('still compares with HEAD once the edit is saved, and with the new HEAD once it is committed', async () => {
    writeFileSync(policyFile, edited);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    const saved = await client.connection.sendRequest<ChangesResult>(CHANGES_REQUEST, { uri });
    assert.deepEqual(triples(saved, 'added'), ADDED);
    git(folder, 'commit', '-q', '-am', 'the second rule');
    // The editor's watcher of .git (client/src/extension.ts) reports the branch moving: the lenses are asked again.
    // The saved file's own refresh (the index read it again) comes first: let it arrive.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = refreshes.get(client)!;
    const branch = git(folder, 'symbolic-ref', 'HEAD').trim();
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(folder, '.git', branch)).href, type: 2 }] });
    for (let i = 0; i < 100 && refreshes.get(client) === before; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(refreshes.get(client), before + 1);
    const next = git(folder, 'rev-parse', '--short=7', 'HEAD').trim();
    const committedNow = await client.connection.sendRequest<ChangesResult>(CHANGES_REQUEST, { uri });
    assert.equal(committedNow.against, `HEAD (${next})`);
    assert.deepEqual([committedNow.added, committedNow.removed], [[], []]);
    assert.deepEqual((await lenses(client, uri)).filter((l) => !l.command), []);
  });

  it('counts a file that is not committed yet as new: all its policies are edits', async () => {
    const extra = path.join(folder, 'extra.yaml');
    const extraUri = pathToFileURL(extra).href;
    const text = committed.replace('name: deny-external-egress', 'name: extra');
    writeFileSync(extra, text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: extraUri, type: 1 }] });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: extraUri, languageId: 'yaml', version: 1, text } });
    // Its egress rules are the other policy's first rule: DNS only, already allowed; it allows nothing new, removes nothing.
    assert.deepEqual(await changeTitles(client, extraUri), ['vs HEAD: no change in connections']);
  });
});

describe('connectivity changes without git', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'netpol-lens-nogit-'));
  const policyFile = path.join(folder, 'policy.yaml');
  const uri = pathToFileURL(policyFile).href;
  let client: LspTestClient;

  before(async () => {
    copyFileSync(path.join(SEED, 'workloads.yaml'), path.join(folder, 'workloads.yaml'));
    writeFileSync(policyFile, committed);
    client = await start(folder);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: edited } });
  });
  after(async () => {
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('compares the unsaved text with the file as last saved, and says why', async () => {
    const result = await client.connection.sendRequest<ChangesResult>(CHANGES_REQUEST, { uri });
    assert.equal(result.against, 'the files as last saved');
    assert.deepEqual(result.notes, [`${folder} is not in a git repository: compared with its files as last saved.`]);
    assert.deepEqual(triples(result, 'added'), ADDED);
    const unresolved = (await lenses(client, uri)).filter((l) => !l.command);
    const resolved = await client.connection.sendRequest<CodeLens>('codeLens/resolve', unresolved[0]);
    assert.equal(resolved.command?.title, 'vs saved: +4 connections, -0');
  });
});
