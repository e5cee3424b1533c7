/**
 * Proof that a saved, open file has no diagnostic from us. An absence seen in the page proves nothing
 * until the server has answered for the current text, with the workspace indexed. So a canary
 * NetworkPolicy is inserted at the end as one more YAML document: one whose pods have no DNS (NP201)
 * and whose podSelector mistypes the label of the workspace's Deployment (`app: restricted-ap`: NP951's
 * "did you mean", which runs only once the workspace is indexed).
 * Diagnostics come for the whole file at once, so when the Problems panel shows exactly the server's
 * findings for the file with the canary, all of them on the canary, the rest of the file has none.
 * "File: Revert File" then puts back the saved text.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { problemLabels, serverView } from './serverLogic';
import type { Workbench } from './workbench';

const CANARY = [
  '---',
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: e2e-canary}',
  'spec: {podSelector: {matchLabels: {app: restricted-ap}}, policyTypes: [Egress]}',
];

/** Asserts that `file` (relative to `workspace`), saved and in the active editor, has no diagnostic from us. */
export async function assertNoOwnDiagnostics(workbench: Workbench, workspace: string, file: string): Promise<void> {
  const saved = readFileSync(path.join(workspace, file), 'utf8');
  assert.deepEqual((await serverView(workspace, file)).findings, [], `the server's own analysis reports nothing for ${file}`);
  const withCanary = `${saved}\n${CANARY.join('\n')}`;
  const expected = (await serverView(workspace, file, { text: withCanary })).findings;
  const firstCanaryLine = saved.split('\n').length;
  assert.ok(expected.every((f) => f.range.start.line >= firstCanaryLine), 'the canary changes nothing above it');
  assert.ok(['NP201', 'NP951'].every((code) => expected.some((f) => f.code === code)), `the canary warns: ${expected.map((f) => f.code).join(', ')}`);

  await workbench.page.keyboard.press('Control+End');
  // Inserted, not typed: typing would close brackets. Every line starts at column 0, so auto-indent adds nothing.
  await workbench.page.keyboard.insertText(`\n${CANARY.join('\n')}`);
  await workbench.expectProblems(path.basename(file), problemLabels(expected));
  await workbench.runCommand('File: Revert File');
  await workbench.page.locator('.part.editor .tab.active.dirty').waitFor({ state: 'detached' });
  await workbench.expectProblems(path.basename(file), []);
}
