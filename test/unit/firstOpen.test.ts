/**
 * The server's first-open path (issue #16): what it does once per piece of the file must not read the whole
 * text. The incremental analyser runs the per-document rules once per piece (`---`-separated document), so a
 * rule that scanned `file.text` on each run made the first analysis quadratic: 1,000 crowded policies took
 * 12 s in the server where `analyzeText`, which runs each rule once, took 1 s (the Cilium and Calico
 * rules asked `mentionsForeignPolicyApi(file.text)` per piece). These tests count the scans of the whole text
 * (string searches with the whole text as the string searched) during the server's first open, as the
 * server makes it (tell the index, early findings, the whole analysis), and require the count to stay the
 * same when the file has twice the policies.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/engine';
import { DocumentAnalyzer } from '../../server/src/lsp/documentAnalyzer';
import { WorkspaceIndex } from '../../server/src/lsp/workspaceIndex';
import { crowdedPolicyFile, policyFile } from '../../bench/generate';
import { countWholeTextScans } from '../support/wholeTextScans';

/** The server's first open of `text` (server.ts: didOpen tells the index, then the early and the whole publish). */
async function firstOpen(text: string): Promise<{ scans: Map<string, number>; early: number; findings: number }> {
  const index = new WorkspaceIndex(() => undefined);
  await index.scan([]);
  const analyzer = new DocumentAnalyzer();
  const document = analyzer.documents.create('file:///work/crowded.yaml', 'yaml', 1, text);
  let early = 0;
  let findings = 0;
  const scans = countWholeTextScans(text, () => {
    analyzer.tellIndex(document, index);
    early = analyzer.earlyFindings(document, DEFAULT_SETTINGS, index)?.length ?? 0;
    findings = analyzer.analyze(document, DEFAULT_SETTINGS, index).findings.length;
  });
  return { scans, early, findings };
}

const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
const describeCounts = (counts: Map<string, number>) => JSON.stringify(Object.fromEntries(counts));

describe('the first open reads the whole text a fixed number of times, not once per policy', () => {
  // About 900 characters a policy in the crowded shape, 500 in the other: both sizes over 100,000.
  for (const [shape, file, size] of [
    ['crowded', crowdedPolicyFile, 120],
    ['spread', policyFile, 220],
  ] as const) {
    it(`${shape} shape: as many whole-text scans for ${2 * size} policies as for ${size}`, async () => {
      const small = await firstOpen(file(size));
      const large = await firstOpen(file(2 * size));
      // Both go through the early publish (100,000 characters or more), and find something.
      assert.ok(small.early > 0 && large.early > small.early, `early findings ${small.early}, ${large.early}`);
      assert.ok(large.findings > small.findings);
      assert.deepEqual(describeCounts(large.scans), describeCounts(small.scans), 'the count grows with the file');
      assert.ok(total(large.scans) <= 40, `whole-text scans: ${describeCounts(large.scans)}`);
    });
  }
});
