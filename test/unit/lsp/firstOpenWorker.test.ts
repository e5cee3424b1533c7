/**
 * A large file's first per-document findings made on two threads (lsp/firstOpenWorker.ts, with the bundled
 * dist/firstOpenWorker.js that `npm run build` makes): the other thread is asked once, its part is used,
 * and the early findings are exactly those made on one thread, each in the whole analysis that follows.
 * A worker that cannot start or fails is logged and the findings are made on one thread.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { crowdedPolicyFile, policyFile } from '../../../bench/generate';
import { DEFAULT_SETTINGS, setLocale } from '../../../server/src/engine';
import type { Finding, Settings } from '../../../server/src/engine';
import type { PartFindings } from '../../../server/src/engine/incremental';
import { DocumentAnalyzer, SPLIT_SIZE } from '../../../server/src/lsp/documentAnalyzer';
import { FirstOpenWorker } from '../../../server/src/lsp/firstOpenWorker';
import { WorkspaceIndex } from '../../../server/src/lsp/workspaceIndex';

const WORKER = path.join(__dirname, '..', '..', '..', 'dist', 'firstOpenWorker.js');
const key = (f: Finding) => JSON.stringify([f.code, f.range, f.message, f.severity, f.field ?? null]);

/** The first open as the server makes it, with `worker` as the other thread; counts what it was asked and gave. */
async function firstOpen(text: string, worker: FirstOpenWorker | undefined, settings: Settings = DEFAULT_SETTINGS) {
  const index = new WorkspaceIndex(() => undefined);
  await index.scan([]);
  const asked: { from: number; part: PartFindings | undefined }[] = [];
  const analyzer = new DocumentAnalyzer(
    worker
      ? {
          otherThread: async (t, from, s) => {
            const part = await worker.part(t, from, s, 'en');
            asked.push({ from, part });
            return part;
          },
        }
      : {},
  );
  const document = analyzer.documents.create('file:///work/large.yaml', 'yaml', 1, text);
  const early = await analyzer.earlyFindingsSplit(document, settings, index);
  const whole = analyzer.analyze(document, settings, index);
  return { early, whole: whole.findings, asked };
}

describe('first open on two threads', () => {
  const logs: string[] = [];
  const worker = new FirstOpenWorker(WORKER, (message) => logs.push(message));
  after(() => worker.dispose());

  for (const [shape, text] of [
    ['crowded', crowdedPolicyFile(260)],
    ['spread', policyFile(450)],
  ] as const) {
    it(`${shape} shape: the worker makes the second part, and the early findings are those of one thread`, async () => {
      assert.ok(text.length >= SPLIT_SIZE, `${text.length} characters`);
      const split = await firstOpen(text, worker);
      const alone = await firstOpen(text, undefined);
      assert.equal(split.asked.length, 1, 'asked once');
      assert.ok(split.asked[0]!.part && split.asked[0]!.part.findings.length > 0, 'the worker gave its part');
      assert.ok(split.asked[0]!.from > text.length / 2 && split.asked[0]!.from < text.length * 0.6, `cut at ${split.asked[0]!.from} of ${text.length}`);
      assert.ok(alone.early && alone.early.length > split.asked[0]!.part.findings.length);
      assert.deepStrictEqual(split.early, alone.early);
      assert.deepStrictEqual(split.whole, alone.whole);
      const final = new Set(split.whole.map(key));
      for (const finding of split.early) assert.ok(final.has(key(finding)), `${finding.code} withdrawn`);
      assert.deepEqual(logs, []);
    });
  }

  it('in the locale of the server: the worker writes its messages in it too', async () => {
    const text = policyFile(450);
    const zh = new FirstOpenWorker(WORKER, () => undefined);
    try {
      setLocale('zh-cn');
      const index = new WorkspaceIndex(() => undefined);
      await index.scan([]);
      let part: PartFindings | undefined;
      const analyzer = new DocumentAnalyzer({ otherThread: async (t, from, s) => (part = await zh.part(t, from, s, 'zh-cn')) });
      const document = analyzer.documents.create('file:///work/zh.yaml', 'yaml', 1, text);
      const early = await analyzer.earlyFindingsSplit(document, DEFAULT_SETTINGS, index);
      const alone = new DocumentAnalyzer().earlyFindings(analyzer.documents.create('file:///work/zh2.yaml', 'yaml', 1, text), DEFAULT_SETTINGS, index);
      assert.ok(part && part.findings.length > 0);
      assert.deepStrictEqual(early, alone);
    } finally {
      setLocale('en');
      zh.dispose();
    }
  });

  it('no core to spare: the other thread declines, and this one makes them all', async () => {
    const text = crowdedPolicyFile(260);
    const index = new WorkspaceIndex(() => undefined);
    await index.scan([]);
    let asked = 0;
    const analyzer = new DocumentAnalyzer({
      otherThread: () => {
        asked++;
        return undefined;
      },
    });
    const early = await analyzer.earlyFindingsSplit(analyzer.documents.create('file:///work/busy.yaml', 'yaml', 1, text), DEFAULT_SETTINGS, index);
    const alone = await firstOpen(text, undefined);
    assert.equal(asked, 1);
    assert.deepStrictEqual(early, alone.early);
  });

  it('a small file is not split', async () => {
    const text = policyFile(250);
    assert.ok(text.length < SPLIT_SIZE);
    const { asked, early } = await firstOpen(text, worker);
    assert.deepEqual(asked, []);
    assert.ok(early && early.length > 0);
  });

  it('a worker script that is missing or throws: logged, and the findings are made on one thread', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netpol-worker-'));
    const throwing = path.join(dir, 'throws.js');
    writeFileSync(throwing, "throw new Error('broken worker');\n");
    const replying = path.join(dir, 'replies-error.js');
    writeFileSync(replying, "require('node:worker_threads').parentPort.on('message', (m) => require('node:worker_threads').parentPort.postMessage({ id: m.id, error: 'inside' }));\n");
    const text = crowdedPolicyFile(260);
    const alone = await firstOpen(text, undefined);
    for (const script of [path.join(dir, 'missing.js'), throwing, replying]) {
      const messages: string[] = [];
      const broken = new FirstOpenWorker(script, (message) => messages.push(message));
      try {
        const result = await firstOpen(text, broken);
        assert.equal(result.asked.length, 1);
        assert.equal(result.asked[0]!.part, undefined);
        assert.deepStrictEqual(result.early, alone.early, script);
        assert.deepStrictEqual(result.whole, alone.whole, script);
        assert.ok(messages.length === 1 && /first-open worker/.test(messages[0]!), `${script}: ${messages.join(' | ')}`);
      } finally {
        broken.dispose();
      }
    }
  });
});
