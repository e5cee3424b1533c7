/**
 * Proof that a document has no diagnostic from us. An absence seen in the page proves nothing until
 * the server has answered for the current text, so a canary NetworkPolicy that must warn (its pods have
 * no DNS) is inserted at the end as one more YAML document. Diagnostics come for the whole file at
 * once, so when the canary's squiggle shows, every other squiggle shown is from the same analysis.
 * "File: Revert File" then puts back the saved text.
 */
import assert from 'node:assert/strict';
import type { Workbench } from './workbench';
import { waitFor } from './wait';

const CANARY = [
  '---',
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: e2e-canary}',
  'spec: {podSelector: {matchLabels: {app: e2e-canary}}, policyTypes: [Egress]}',
];

/** Asserts that the saved, active editor has no diagnostic from us. */
export async function assertNoOwnDiagnostics(workbench: Workbench, file: string): Promise<void> {
  const { page } = workbench;
  const squiggles = workbench.squiggles();
  await page.keyboard.press('Control+End');
  // Inserted, not typed: typing would close brackets. Every line starts at column 0, so auto-indent adds nothing.
  await page.keyboard.insertText(`\n${CANARY.join('\n')}`);
  const lines = await waitFor(`the canary's diagnostic in ${file}`, async () => {
    const found: string[] = [];
    for (const squiggle of await squiggles.all()) found.push(await workbench.lineUnder(squiggle));
    return found.some((line) => line.includes('e2e-canary')) && found;
  });
  await workbench.screenshot(`${file}-with-canary`);
  assert.deepEqual(
    lines.filter((line) => !CANARY.includes(line)),
    [],
    `${file} has diagnostics outside the canary policy`,
  );
  await workbench.runCommand('File: Revert File');
  await page.locator('.part.editor .tab.active.dirty').waitFor({ state: 'detached' });
  await squiggles.first().waitFor({ state: 'detached' });
}
