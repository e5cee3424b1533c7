/**
 * The built server over stdio on a workspace folder: indexing with work-done progress, workspace
 * diagnostics, hover, code lens, label completion, the connectivity request, watched-file changes and
 * workspace folders added and removed.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, CompletionItem, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { CONNECTIVITY_REQUEST, SHOW_WORKLOADS_COMMAND } from '../../shared/protocol';
import type { ConnectivityResult } from '../../shared/protocol';
import { LspTestClient } from '../support/lspClient';

const SEED = path.join(__dirname, '..', 'fixtures', 'reach', 'seed');

/** Asks `ask` again (20 ms apart) until `done` holds of its answer; fails after `timeoutMs`. */
async function poll<T>(what: string, ask: () => T | Promise<T>, done: (answer: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await ask();
    if (done(answer)) return answer;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(answer)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('language server on a workspace folder', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'netpol-lens-ws-'));
  copyFileSync(path.join(SEED, 'workloads.yaml'), path.join(folder, 'workloads.yaml'));
  writeFileSync(path.join(folder, 'notes.yaml'), 'just: [a, list\n'); // not a manifest, and broken: skipped quietly
  const policyText = readFileSync(path.join(SEED, 'deny-external-egress.yaml'), 'utf8');
  writeFileSync(path.join(folder, 'policy.yaml'), policyText);
  const uri = pathToFileURL(path.join(folder, 'policy.yaml')).href;
  const client = new LspTestClient();
  const progress: unknown[] = [];
  let lensRefreshes = 0;
  let capabilities: { workspace?: unknown };

  before(async () => {
    client.connection.onRequest('window/workDoneProgress/create', () => null);
    client.connection.onRequest('workspace/codeLens/refresh', () => {
      lensRefreshes++;
      return null;
    });
    client.connection.onNotification('$/progress', (p: { value: unknown }) => {
      progress.push(p.value);
    });
    ({ capabilities } = await client.connection.sendRequest<{ capabilities: { workspace?: unknown } }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }],
      capabilities: { window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    }));
    await client.connection.sendNotification('initialized', {});
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: policyText } });
  });
  after(async () => {
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  async function diagnosticsUntil(predicate: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    for (;;) {
      const published = await client.nextDiagnostics(uri);
      if (predicate(published)) return published;
    }
  }

  it('indexes the folder with work-done progress', async () => {
    await diagnosticsUntil(() => true);
    for (let i = 0; i < 50 && !progress.some((p) => (p as { kind: string }).kind === 'end'); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual((progress[0] as { kind: string; title: string }).title, 'NetPol Lens: indexing the workspace');
    assert.equal((progress[progress.length - 1] as { kind: string }).kind, 'end');
  });

  it('explains the policy on hover over its kind', async () => {
    const hover = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 2 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /^\*\*NetworkPolicy default\/deny-external-egress\*\* selects pods app=restricted-app in namespace default \(1 workload in the workspace\)\./);
    assert.ok(value.includes('- Egress from pods app=restricted-app in namespace default: only to pods k8s-app=kube-dns in namespaces kubernetes.io/metadata.name=kube-system, on 53/UDP and 53/TCP; everything else, including pods in the same namespace, is denied.'));
    assert.ok(value.includes('| Egress | `spec.egress[0]` | pods k8s-app=kube-dns in namespaces kubernetes.io/metadata.name=kube-system | 53/UDP, 53/TCP |'));
  });

  it('lists the workloads a selector matches on hover', async () => {
    const line = policyText.split('\n').findIndex((l) => l.includes('k8s-app: kube-dns'));
    const hover = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character: 12 } });
    // The workload part comes first; the API's documentation of matchLabels follows it (issue 4).
    const [workloads, ...rest] = (hover.contents as { value: string }).value.split('\n\n---\n\n');
    assert.equal(workloads, '**podSelector** k8s-app=kube-dns\n\nThis peer (spec.egress[0].to[0]) admits 1 workload: `kube-system/coredns` (Deployment): the cluster DNS (kube-dns in kube-system).');
    assert.deepEqual(rest.map((part) => part.split('\n')[0]), ['**spec.egress[0].to[0].podSelector.matchLabels**']);
  });

  it('puts "selects 1 workload" above the policy, listing it', async () => {
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0]!.command!.title, 'selects 1 workload');
    assert.equal(lenses[0]!.command!.command, SHOW_WORKLOADS_COMMAND);
    const [, locations] = lenses[0]!.command!.arguments as [string, { label: string; uri: string; range: { start: { line: number } } }[]];
    assert.deepEqual(locations.map((l) => [l.label, l.uri, l.range.start.line]), [['default/restricted-app', pathToFileURL(path.join(folder, 'workloads.yaml')).href, 4]]);
  });

  it('completes label keys and values in a podSelector from the workloads', async () => {
    const text = policyText.replace('      app: restricted-app\n', '      app: restricted-app\n      \n');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    const line = text.split('\n').findIndex((l) => l === '      ');
    const keys = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: 6 } });
    assert.deepEqual(keys.map((k) => [k.label, k.detail]), [['app', 'matches 2 workloads'], ['k8s-app', 'matches 1 workload']]);
    const valueText = text.replace('      \n', '      app: \n');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: valueText }] });
    const values = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: 11 } });
    assert.deepEqual(values.map((k) => [k.label, k.detail]), [['neighbour', 'matches 1 workload'], ['restricted-app', 'matches 1 workload']]);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: policyText }] });
  });

  it('answers the connectivity request with the picture: port sets per pair and the rules that allow them', async () => {
    const result = await client.connection.sendRequest<ConnectivityResult>(CONNECTIVITY_REQUEST, { ips: ['8.8.8.8'] });
    // 8.8.8.8 also stands for the internet; CoreDNS is in the workspace, so no made-up DNS endpoint is added.
    assert.deepEqual(result.picture.endpoints, ['default/restricted-app', 'default/neighbour', 'kube-system/coredns', '8.8.8.8']);
    assert.equal(result.workloads, 3);
    assert.equal(result.picture.nodes.find((n) => n.id === '8.8.8.8')?.label, 'the internet');
    const out = result.picture.edges.filter((e) => e.from === 'default/restricted-app');
    assert.deepEqual(out.map((e) => [e.to, result.picture.sets[e.set]!.label]), [['kube-system/coredns', 'TCP 53, UDP 53']]);
    assert.deepEqual(out[0]!.rules.map((r) => result.picture.rules[r]), [{ uri, range: { start: { line: 12, character: 4 }, end: { line: 23, character: 19 } }, title: 'default/deny-external-egress spec.egress[0]' }]);
  });

  it('follows watched files: a new policy letting the pods out brings NP953 with related information', async () => {
    const allow = path.join(folder, 'allow-internet.yaml');
    writeFileSync(allow, readFileSync(path.join(__dirname, '..', 'fixtures', 'rules', 'NP953', 'allow-internet-beside-deny-external', 'workspace', 'allow-internet.yaml'), 'utf8'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(allow).href, type: 1 }] });
    const published = await diagnosticsUntil((p) => p.diagnostics.some((d) => d.code === 'NP953'));
    const d = published.diagnostics.find((x) => x.code === 'NP953')!;
    assert.deepEqual(d.range, { start: { line: 10, character: 4 }, end: { line: 10, character: 10 } });
    assert.equal(d.relatedInformation?.[0]?.location.uri, pathToFileURL(allow).href);
    rmSync(allow);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(allow).href, type: 3 }] });
    await diagnosticsUntil((p) => !p.diagnostics.some((x) => x.code === 'NP953'));
  });

  it('advertises no workspace folder support to a client that did not declare workspace.workspaceFolders', () => {
    assert.equal(capabilities.workspace, undefined);
  });

  it('asks no code lens refresh of a client that did not declare workspace.codeLens.refreshSupport', () => {
    // The index was built and changed on disk twice above; a refresh would have come before the diagnostics awaited.
    assert.equal(lensRefreshes, 0);
  });
});

describe('language server asks the client to refresh code lenses when the workspace index changes', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'netpol-lens-lens-'));
  copyFileSync(path.join(SEED, 'workloads.yaml'), path.join(folder, 'workloads.yaml'));
  const policyText = readFileSync(path.join(SEED, 'deny-external-egress.yaml'), 'utf8');
  writeFileSync(path.join(folder, 'policy.yaml'), policyText);
  const uri = pathToFileURL(path.join(folder, 'policy.yaml')).href;
  const client = new LspTestClient();
  /** For each workspace/codeLens/refresh, the lens titles of the policy asked for while answering it, as an editor does. */
  const refreshes: Promise<string[]>[] = [];
  let nextRefresh: (titles: Promise<string[]>) => void = () => undefined;

  function lensTitles(): Promise<string[]> {
    return client.connection
      .sendRequest<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } })
      .then((lenses) => (lenses ?? []).map((l) => l.command?.title ?? ''));
  }

  function refreshed(): Promise<string[]> {
    return new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no workspace/codeLens/refresh within 10 s; stderr: ${client.stderr}`)), 10_000);
      nextRefresh = (titles) => {
        clearTimeout(timer);
        resolve(titles);
      };
    });
  }

  before(async () => {
    client.connection.onRequest('workspace/codeLens/refresh', () => {
      const titles = lensTitles();
      refreshes.push(titles);
      nextRefresh(titles);
      return null;
    });
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }],
      capabilities: { workspace: { codeLens: { refreshSupport: true } } },
    });
  });
  after(async () => {
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('once the scan is over: lenses asked for then show the workload count', async () => {
    const first = refreshed();
    await client.connection.sendNotification('initialized', {});
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: policyText } });
    assert.deepEqual(await first, ['selects 1 workload']);
  });

  it('when a watched file changes the index: a second workload is counted', async () => {
    const next = refreshed();
    const more = path.join(folder, 'more.yaml');
    const workload = readFileSync(path.join(folder, 'workloads.yaml'), 'utf8').split(/^---$/m)[0]!.replace('name: restricted-app', 'name: restricted-app-2');
    writeFileSync(more, workload);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(more).href, type: 1 }] });
    assert.deepEqual(await next, ['selects 2 workloads']);
    assert.equal(refreshes.length, 2, 'one refresh for the scan, one for the change');
  });
});

describe('language server follows workspace folders added and removed', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'netpol-lens-folders-'));
  const [folderA, folderB] = [path.join(root, 'a'), path.join(root, 'b')];
  const folderUri = (folder: string) => pathToFileURL(folder).href;
  const [restrictedApp, neighbour] = readFileSync(path.join(SEED, 'workloads.yaml'), 'utf8').split(/^---$/m) as [string, string];
  const policyText = readFileSync(path.join(SEED, 'deny-external-egress.yaml'), 'utf8');
  mkdirSync(folderA);
  mkdirSync(folderB);
  // A: the policy, and a workload of its namespace that it does not select (so NP951 has something to say).
  writeFileSync(path.join(folderA, 'policy.yaml'), policyText);
  writeFileSync(path.join(folderA, 'neighbour.yaml'), neighbour);
  // B: the Deployment the policy selects.
  writeFileSync(path.join(folderB, 'deployment.yaml'), restrictedApp);
  const uri = pathToFileURL(path.join(folderA, 'policy.yaml')).href;
  const client = new LspTestClient();
  const progress: { token: string | number; value: { kind: string; title?: string } }[] = [];
  let capabilities: { workspace?: unknown };

  before(async () => {
    client.connection.onRequest('window/workDoneProgress/create', () => null);
    client.connection.onNotification('$/progress', (p: (typeof progress)[number]) => {
      progress.push(p);
    });
    ({ capabilities } = await client.connection.sendRequest<{ capabilities: { workspace?: unknown } }>('initialize', {
      processId: process.pid,
      rootUri: folderUri(folderA),
      workspaceFolders: [{ uri: folderUri(folderA), name: 'a' }],
      capabilities: { workspace: { workspaceFolders: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    }));
    await client.connection.sendNotification('initialized', {});
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: policyText } });
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** The policy's lenses: titles, and where the workloads of the "selects" lens are. */
  async function lenses(): Promise<{ titles: string[]; workloads: string[] }> {
    const answer = (await client.connection.sendRequest<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } })) ?? [];
    const locations = (answer[0]?.command?.arguments?.[1] ?? []) as { label: string; uri: string }[];
    return { titles: answer.map((l) => l.command?.title ?? ''), workloads: locations.map((l) => `${l.label} ${l.uri}`) };
  }

  function lensesUntil(title: string): Promise<{ titles: string[]; workloads: string[] }> {
    return poll(`the policy's lenses, waiting for "${title}"`, lenses, (l) => l.titles[0] === title);
  }

  async function diagnosticsUntil(predicate: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    for (;;) {
      const published = await client.nextDiagnostics(uri);
      if (predicate(published)) return published;
    }
  }
  const hasNP951 = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === 'NP951');

  function changeFolders(added: string[], removed: string[]): Promise<void> {
    return client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: added.map((f) => ({ uri: folderUri(f), name: path.basename(f) })), removed: removed.map((f) => ({ uri: folderUri(f), name: path.basename(f) })) },
    });
  }

  it('advertises workspace folder change notifications to a client that supports workspace folders', () => {
    assert.deepEqual(capabilities.workspace, { workspaceFolders: { supported: true, changeNotifications: true } });
  });

  it('with folder A only: "selects 0 workloads" and NP951 on the policy', async () => {
    assert.deepEqual(await lensesUntil('selects 0 workloads'), { titles: ['selects 0 workloads'], workloads: [] });
    await diagnosticsUntil(hasNP951);
  });

  it('folder B added: its Deployment is counted, NP951 goes, and the scan reports work-done progress', async () => {
    await changeFolders([folderB], []);
    const deployment = pathToFileURL(path.join(folderB, 'deployment.yaml')).href;
    assert.deepEqual(await lensesUntil('selects 1 workload'), { titles: ['selects 1 workload'], workloads: [`default/restricted-app ${deployment}`] });
    await diagnosticsUntil((p) => !hasNP951(p));
    const begun = await poll('the progress of the added folder', () => progress.find((p) => p.value.title === 'NetPol Lens: indexing added workspace folders'), (p) => p !== undefined);
    await poll('the end of that progress', () => progress.filter((p) => p.token === begun!.token).map((p) => p.value.kind), (kinds) => kinds.at(-1) === 'end');
  });

  it('folder B removed: back to "selects 0 workloads" and NP951', async () => {
    await changeFolders([], [folderB]);
    assert.deepEqual(await lensesUntil('selects 0 workloads'), { titles: ['selects 0 workloads'], workloads: [] });
    await diagnosticsUntil(hasNP951);
  });

  it('watched-file events below the removed folder are ignored, those below folder A are not', async () => {
    const inB = path.join(folderB, 'more.yaml');
    const inA = path.join(folderA, 'more.yaml');
    writeFileSync(inB, restrictedApp.replace('name: restricted-app', 'name: restricted-app-b'));
    writeFileSync(inA, restrictedApp.replace('name: restricted-app', 'name: restricted-app-a'));
    // One notification: the index takes both changes before it counts again.
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: pathToFileURL(inB).href, type: 1 },
        { uri: pathToFileURL(inA).href, type: 1 },
      ],
    });
    const changed = await poll('the policy\'s lenses, waiting for a change', lenses, (l) => l.titles[0] !== 'selects 0 workloads');
    assert.deepEqual(changed, { titles: ['selects 1 workload'], workloads: [`default/restricted-app-a ${pathToFileURL(inA).href}`] });
  });
});

describe('language server applies folder changes sent while the first scan runs after it', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'netpol-lens-early-'));
  const [folderA, folderB, folderC] = [path.join(root, 'a'), path.join(root, 'b'), path.join(root, 'c')];
  const folderUri = (folder: string) => pathToFileURL(folder).href;
  const restrictedApp = readFileSync(path.join(SEED, 'workloads.yaml'), 'utf8').split(/^---$/m)[0]!;
  const policyText = readFileSync(path.join(SEED, 'deny-external-egress.yaml'), 'utf8');
  for (const folder of [folderA, folderB, folderC]) mkdirSync(folder);
  writeFileSync(path.join(folderA, 'policy.yaml'), policyText);
  // Many files in C, so that its scan is still running when the change comes.
  for (let i = 0; i < 200; i++) writeFileSync(path.join(folderC, `deployment-${String(i).padStart(3, '0')}.yaml`), restrictedApp.replace('name: restricted-app', `name: restricted-app-c${i}`));
  writeFileSync(path.join(folderB, 'deployment.yaml'), restrictedApp);
  const uri = pathToFileURL(path.join(folderA, 'policy.yaml')).href;
  const client = new LspTestClient();

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('C removed and B added right after initialized: only B\'s Deployment is counted', async () => {
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folderUri(folderA),
      workspaceFolders: [
        { uri: folderUri(folderA), name: 'a' },
        { uri: folderUri(folderC), name: 'c' },
      ],
      capabilities: { workspace: { workspaceFolders: true } },
    });
    await client.connection.sendNotification('initialized', {});
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: folderUri(folderB), name: 'b' }], removed: [{ uri: folderUri(folderC), name: 'c' }] },
    });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: policyText } });
    // The connectivity request answers once the scans asked for so far are over.
    const { picture } = await client.connection.sendRequest<ConnectivityResult>(CONNECTIVITY_REQUEST, {});
    assert.deepEqual(picture.endpoints, ['default/restricted-app', 'kube-system/kube-dns', '8.8.8.8']);
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => l.command?.title), ['selects 1 workload']);
  });
});

describe('connectivity request on a workspace with more endpoints than the view shows at once', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'netpol-lens-many-'));
  const restrictedApp = readFileSync(path.join(SEED, 'workloads.yaml'), 'utf8').split(/^---$/m)[0]!;
  const policyText = readFileSync(path.join(SEED, 'deny-external-egress.yaml'), 'utf8');
  writeFileSync(path.join(folder, 'policy.yaml'), policyText);
  // 151 Deployments: the seed's restricted app (selected by the policy) and 150 neighbours (not selected).
  const deployments = [restrictedApp, ...Array.from({ length: 150 }, (_, i) => restrictedApp.replace(/restricted-app/g, `other-${i}`))];
  writeFileSync(path.join(folder, 'deployments.yaml'), deployments.join('---\n'));
  const client = new LspTestClient();
  before(async () => {
    await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(folder).href, workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'many' }], capabilities: {} });
    await client.connection.sendNotification('initialized', {});
  });
  after(async () => {
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('without a focus: the endpoints to pick from, and no rows', async () => {
    const result = await client.connection.sendRequest<ConnectivityResult>(CONNECTIVITY_REQUEST, {});
    assert.deepEqual(result.needsFocus, { limit: 150 });
    // The 151 Deployments, the cluster DNS the policy names (not in the workspace) and the internet.
    assert.equal(result.picture.endpoints.length, 153);
    assert.equal(result.picture.endpoints[0], 'default/restricted-app');
    assert.deepEqual(result.picture.endpoints.slice(151), ['kube-system/kube-dns', '8.8.8.8']);
    assert.deepEqual(result.picture.rows, []);
    assert.deepEqual(result.picture.nodes, []);
  });

  it('focused on the restricted app: its row and column, and only its edges', async () => {
    const result = await client.connection.sendRequest<ConnectivityResult>(CONNECTIVITY_REQUEST, { focus: 'default/restricted-app' });
    assert.equal(result.focus, 'default/restricted-app');
    assert.equal(result.needsFocus, undefined);
    assert.deepEqual(result.ports, ['53/TCP', '53/UDP', '8080/TCP']);
    const label = (set: number) => result.picture.sets[set]!.label;
    // Its egress is cut off but for DNS; everyone may reach it on every port.
    assert.deepEqual(result.picture.rows.map((r) => r.from), [0]);
    assert.deepEqual(result.picture.rows[0]!.sets.map(label), [...Array<string>(151).fill('none'), 'TCP 53, UDP 53', 'none']);
    assert.deepEqual(result.picture.columns[0]!.sets.map(label), ['none', ...Array<string>(152).fill('all')]);
    assert.equal(result.picture.edges.length, 153);
    assert.ok(result.picture.edges.every((e) => (e.to === 'default/restricted-app' || e.from === 'default/restricted-app') && e.from !== e.to));
    assert.equal(result.picture.nodes.length, 153);
    assert.equal(result.picture.nodes.find((n) => n.id === 'kube-system/kube-dns')?.kind, 'cluster');
  });
});
