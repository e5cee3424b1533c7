/**
 * Extension-host tests: run inside VS Code (by @vscode/test-electron) or inside code-server (by the
 * e2e runner extension), against the workspace in test/vscode/workspace.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'netpol-lens.netpol-lens';
const SEED_TEMPLATE_DNS_RULE = `  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
`;

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with test/vscode/workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'netpol-lens');
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

/** The missing-DNS diagnostics: the seed policy also gets others (NP403 on its name). */
function np201(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => codeOf(d) === 'NP201');
}

/** Waits, on diagnostics-changed events, until `predicate` holds for the file's diagnostics. */
function waitForDiagnostics(uri: vscode.Uri, predicate: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    if (predicate(ours(uri))) return resolve(ours(uri));
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`diagnostics never matched; last: ${JSON.stringify(ours(uri))}`));
    }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      if (predicate(ours(uri))) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(ours(uri));
      }
    });
  });
}

/** Waits, on tab-change events, until a tab with this label is open. */
function waitForTab(label: string, timeoutMs = 20_000): Promise<void> {
  const labels = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
  return new Promise((resolve, reject) => {
    if (labels().includes(label)) return resolve();
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no ${label} tab; tabs: ${labels().join(', ')}`));
    }, timeoutMs);
    const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (!labels().includes(label)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

async function openYaml(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(document);
  assert.equal(document.languageId, 'yaml');
  return document;
}

suite('NetPol Lens in VS Code', function () {
  this.timeout(60_000);

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.workspace.getConfiguration('netpolLens').update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('activates on a YAML file and starts the server', async () => {
    await openYaml('deny-external-egress.yaml');
    const extension = vscode.extensions.getExtension<{ ready: Promise<void> }>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const api = await extension.activate();
    await api.ready;
    assert.equal(extension.isActive, true);
  });

  test('shows NP201 on the seed policy without its DNS rule, at the Egress policy type', async () => {
    const document = await openYaml('deny-external-egress.yaml');
    const [diagnostic, ...rest] = np201(await waitForDiagnostics(document.uri, (d) => np201(d).length > 0));
    assert.equal(rest.length, 0);
    assert.equal(codeOf(diagnostic!), 'NP201');
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(document.getText(diagnostic!.range), 'Egress');
    assert.equal(diagnostic!.range.start.line, 9);
    assert.match(diagnostic!.message, /no rule allows DNS/);
  });

  test('"Add kube-dns egress rule" gives exactly the seed template, and the warning goes', async () => {
    const document = await openYaml('deny-external-egress.yaml');
    const [diagnostic] = np201(await waitForDiagnostics(document.uri, (d) => np201(d).length > 0));
    // The server sends code actions without edits and makes the chosen one's on codeAction/resolve, as the
    // light bulb does: the command resolves as many as its fourth argument says (none by default).
    const listed = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic!.range);
    assert.ok(listed.some((a) => a.title === 'Add kube-dns egress rule' && a.edit === undefined), 'listed without its edit');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic!.range, undefined, 10);
    const fix = actions.find((a) => a.title === 'Add kube-dns egress rule');
    assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.isPreferred, true);
    const before = document.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.getText(), before + SEED_TEMPLATE_DNS_RULE);
    await waitForDiagnostics(document.uri, (d) => np201(d).length === 0);
  });

  test('leaves a Deployment alone', async () => {
    const document = await openYaml('deployment.yaml');
    const other = await openYaml('deny-external-egress.yaml');
    await waitForDiagnostics(other.uri, (d) => d.length > 0); // the server has analysed what it was given
    assert.deepEqual(ours(document.uri), []);
  });

  test('contributes the netpol- snippets for yaml', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'netpol-deny' });
    await vscode.window.showTextDocument(document);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(0, 11));
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('netpol-deny-external-egress'), `completions: ${labels.join(', ')}`);
    // Revert first: closing a dirty untitled editor asks to save, and only test-electron's test mode skips that dialog.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('applies netpolLens.rules from the workspace settings without a reload', async () => {
    const document = await openYaml('deny-external-egress.yaml');
    await waitForDiagnostics(document.uri, (d) => np201(d).length > 0);
    await vscode.workspace.getConfiguration('netpolLens').update('rules', { NP201: 'off' }, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(document.uri, (d) => np201(d).length === 0);
    await vscode.workspace.getConfiguration('netpolLens').update('rules', { NP201: 'error' }, vscode.ConfigurationTarget.Workspace);
    const [diagnostic] = np201(
      await waitForDiagnostics(document.uri, (d) => np201(d).length === 1 && np201(d)[0]!.severity === vscode.DiagnosticSeverity.Error),
    );
    assert.equal(document.getText(diagnostic!.range), 'Egress');
  });

  test('explains the policy on hover over its kind', async () => {
    const document = await openYaml('deny-external-egress.yaml');
    const line = document.getText().split(/\r?\n/).findIndex((l) => l.startsWith('kind:'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, 2));
    const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(text, /\*\*NetworkPolicy default\/deny-external-egress\*\* selects pods app=restricted-app in namespace default/);
    assert.match(text, /Egress from pods app=restricted-app in namespace default: everything is denied/);
  });

  test('puts the workload count above the policy once the workspace is indexed', async () => {
    const document = await openYaml('deny-external-egress.yaml');
    let titles: string[] = [];
    for (let i = 0; i < 100 && titles.length === 0; i++) {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      titles = lenses.map((l) => l.command?.title ?? '');
      if (titles.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // test/vscode/workspace's only workload (deployment.yaml) is in namespace shop, not default.
    assert.equal(titles.length, 1, `lenses: ${titles.join(', ')}`);
    assert.match(titles[0]!, /^selects \d+ workloads?$/);
  });

  test('"NetPol Lens: Show connectivity" opens the connectivity view', async () => {
    await openYaml('deny-external-egress.yaml');
    await vscode.commands.executeCommand('netpolLens.showConnectivity');
    // The extension host hears of new tabs from the window a moment later: wait for it.
    await waitForTab('Connectivity');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
