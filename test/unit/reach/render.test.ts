/**
 * The matrix's tabular renderings are written piece by piece (`matrix` on a large workspace prints hundreds of
 * megabytes): the pieces together must be the same text as the whole renderings, whatever the keys hold.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Matrix } from '../../../server/src/engine/reach';
import type { Endpoint } from '../../../server/src/engine/reach/workspace';
import { matrixCsvChunks, matrixGraph, matrixJsonChunks, matrixTextChunks } from '../../../server/src/engine/reach/render';
import { writeChunks } from '../../../server/src/cli/output';

/** Random matrices: keys with quotes, commas, line breaks and non-ASCII text; some outside addresses. */
const matrices: fc.Arbitrary<Matrix> = fc
  .record({
    endpoints: fc.uniqueArray(fc.record({ key: fc.string({ unit: fc.constantFrom('a', '/', '"', ',', '\n', '\\', 'é', '\u2028', ' ') }), external: fc.boolean() }), {
      maxLength: 6,
      selector: (e) => e.key,
    }),
    queries: fc.array(fc.record({ port: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom('TCP', 'UDP', 'SCTP') }), { minLength: 1, maxLength: 3 }),
    seed: fc.integer(),
  })
  .map(({ endpoints, queries, seed }) => {
    const n = endpoints.length;
    let state = seed;
    const bit = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) >> 16) & 1;
    const allowed = queries.map(() => Uint8Array.from({ length: n * n }, () => bit()));
    return { endpoints: endpoints.map((e, id) => ({ id, ...e }) as unknown as Endpoint), queries, allowed };
  });

const joined = (chunks: Iterable<string>) => [...chunks].join('');

/** The JSON as objects: an entry per pair and port, sources in order, pairs of two outside addresses left out. */
function matrixObject(matrix: Matrix) {
  const n = matrix.endpoints.length;
  const entries: { from: string; to: string; port: number; protocol: string; allowed: boolean }[] = [];
  for (let from = 0; from < n; from++) {
    for (let to = 0; to < n; to++) {
      if (matrix.endpoints[from]!.external && matrix.endpoints[to]!.external) continue;
      matrix.queries.forEach((q, qi) => {
        entries.push({ from: matrix.endpoints[from]!.key, to: matrix.endpoints[to]!.key, port: q.port, protocol: q.protocol, allowed: matrix.allowed[qi]![from * n + to] === 1 });
      });
    }
  }
  return { endpoints: matrix.endpoints.map((e) => e.key), entries };
}

describe('matrix renderings in pieces', () => {
  it('JSON: the pieces are JSON.stringify of the matrix as objects, and a line break', () => {
    fc.assert(
      fc.property(matrices, (matrix) => {
        assert.equal(joined(matrixJsonChunks(matrix)), `${JSON.stringify(matrixObject(matrix))}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it('CSV: a header, then one row per entry of the JSON, fields quoted when they hold a quote, comma or line break', () => {
    const field = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    fc.assert(
      fc.property(matrices, (matrix) => {
        const rows = matrixObject(matrix).entries.map((e) => `${field(e.from)},${field(e.to)},${e.port},${e.protocol},${e.allowed}\n`);
        assert.equal(joined(matrixCsvChunks(matrix)), `from,to,port,protocol,allowed\n${rows.join('')}`);
      }),
      { numRuns: 300 },
    );
  });

  it('text: one table per port, blank line between, every row as wide as the widest key', () => {
    const endpoint = (id: number, key: string, external: boolean) => ({ id, key, external }) as unknown as Endpoint;
    const matrix: Matrix = {
      endpoints: [endpoint(0, 'x/a', false), endpoint(1, '8.8.8.8', true), endpoint(2, '1.1.1.1', true)],
      queries: [
        { port: 80, protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
      ],
      allowed: [Uint8Array.from([1, 0, 1, 1, 0, 0, 0, 0, 0]), Uint8Array.from([0, 1, 0, 0, 0, 0, 1, 0, 0])],
    };
    assert.equal(
      joined(matrixTextChunks(matrix)),
      [
        '80/TCP',
        '-       x/a     8.8.8.8 1.1.1.1',
        'x/a     .       X       .',
        '8.8.8.8 .',
        '1.1.1.1 X',
        '',
        '53/UDP',
        '-       x/a     8.8.8.8 1.1.1.1',
        'x/a     X       .       X',
        '8.8.8.8 X',
        '1.1.1.1 .',
        '',
      ].join('\n'),
    );
  });
});

describe('the graph of one endpoint', () => {
  it('focused on one endpoint: its own edges and the endpoints they join', () => {
    fc.assert(
      fc.property(
        matrices.filter((m) => m.endpoints.length > 0),
        fc.nat(),
        (matrix, pick) => {
          const focus = pick % matrix.endpoints.length;
          const key = matrix.endpoints[focus]!.key;
          const whole = matrixGraph(matrix);
          const focused = matrixGraph(matrix, focus);
          const own = whole.edges.filter((e) => e.from === key || e.to === key);
          assert.deepEqual([...focused.edges].sort((a, b) => `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`)), [...own].sort((a, b) => `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`)));
          const ends = new Set([key, ...own.flatMap((e) => [e.from, e.to])]);
          assert.deepEqual(focused.nodes.map((node) => node.id), whole.nodes.map((node) => node.id).filter((id) => ends.has(id)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('writeChunks', () => {
  it('writes every piece in order, in blocks, waiting whenever the stream asks it to', async () => {
    const received: string[] = [];
    let waits = 0;
    const out = new Writable({
      highWaterMark: 8,
      write(chunk: Buffer, _encoding, done) {
        received.push(chunk.toString());
        setImmediate(done);
      },
    });
    out.on('drain', () => waits++);
    const pieces = Array.from({ length: 100 }, (_, i) => `${i},`);
    await writeChunks(out, pieces, 16);
    assert.equal(received.join(''), pieces.join(''));
    assert.ok(received.every((block, i) => block.length >= 16 || i === received.length - 1), 'blocks of at least the block size, the last excepted');
    // A block of the stream's highWaterMark or more is more than it takes at once: each such block was waited for.
    assert.equal(waits, received.filter((block) => block.length >= 8).length);
    assert.ok(waits > 10);
  });
});
