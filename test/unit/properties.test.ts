/**
 * Properties of the analysis over generated policies and mutated texts (fast-check): it never throws,
 * every range lies inside the document, every fix applies, parses and removes a finding of its kind,
 * and what is said about a document does not depend on where it sits in a file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { analyzeText } from '../../server/src/engine';
import type { Finding } from '../../server/src/engine';
import { checkInvariants } from '../support/invariants';
import type { Mutation } from '../support/mutations';
import { applyMutation, TOKENS } from '../support/mutations';

const RUNS = { numRuns: 150, seed: 20261126 };

const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'k8s-app', 'kubernetes.io/metadata.name'), fc.constantFrom('web', 'db', 'kube-dns', 'kube-system'), { maxKeys: 2 });
const selector = fc.oneof(fc.constant({}), labels.map((matchLabels) => ({ matchLabels })));
const peer = fc.oneof(
  fc.record({ podSelector: selector }),
  fc.record({ namespaceSelector: selector }),
  fc.record({ namespaceSelector: selector, podSelector: selector }),
  fc.record({ ipBlock: fc.record({ cidr: fc.constantFrom('10.0.0.0/8', '0.0.0.0/0', '192.168.1.0/24') }) }),
);
const port = fc.record(
  { port: fc.constantFrom(53, 80, 'dns', 'dns-tcp', 5353), protocol: fc.constantFrom('UDP', 'TCP', 'SCTP'), endPort: fc.constant(60) },
  { requiredKeys: [] },
);
const rule = (direction: 'to' | 'from') =>
  fc.record({ [direction]: fc.array(peer, { maxLength: 2 }), ports: fc.array(port, { maxLength: 3 }) }, { requiredKeys: [] });

/** A NetworkPolicy object, valid or not quite (fields optional, as people write them). */
const policy = fc.record(
  {
    apiVersion: fc.constant('networking.k8s.io/v1'),
    kind: fc.constant('NetworkPolicy'),
    metadata: fc.record({ name: fc.constantFrom('a', 'b', 'deny'), namespace: fc.constantFrom('web', 'db') }, { requiredKeys: ['name'] }),
    spec: fc.record(
      {
        podSelector: selector,
        policyTypes: fc.subarray(['Ingress', 'Egress']),
        ingress: fc.array(rule('from'), { maxLength: 2 }),
        egress: fc.array(rule('to'), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['apiVersion', 'kind', 'metadata'] },
);

/** Rendered the ways people write YAML: indent 2 or 4, sequences flush or indented, LF or CRLF. */
const policyText = fc
  .tuple(policy, fc.constantFrom(2, 4), fc.boolean(), fc.boolean(), fc.boolean())
  .map(([object, indent, indentSeq, flow, crlf]) => {
    const text = flow ? `${JSON.stringify(object).replace(/"/g, '')}\n` : stringify(object, { indent, indentSeq, lineWidth: 0 });
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 5 })) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), char: fc.integer({ min: 0, max: 0xffff }) }),
);

/** What a finding says, without where: to compare findings about one document in different files. */
function describe_(findings: readonly Finding[], text: string, shift = 0) {
  return findings.map((f) => ({
    code: f.code,
    message: f.message,
    span: [f.span[0] - shift, f.span[1] - shift],
    under: text.slice(f.span[0], f.span[1]),
    fixes: f.fixes.map((fix) => ({ title: fix.title, edits: fix.offsetEdits.map((e) => ({ start: e.start - shift, end: e.end - shift, newText: e.newText })) })),
  }));
}

describe('properties of the analysis', { timeout: 120_000 }, () => {
  it('never throws and keeps every range inside the text, on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        checkInvariants(text, { checkFixes: false });
      }),
      { ...RUNS, numRuns: 500 },
    );
  });

  it('generated policies: ranges inside, every fix applies, parses and removes a finding of its kind', () => {
    fc.assert(
      fc.property(policyText, (text) => {
        checkInvariants(text);
      }),
      RUNS,
    );
  });

  it('mutated policies: the same, whatever the edits did to the text', () => {
    fc.assert(
      fc.property(policyText, fc.array(mutation, { minLength: 1, maxLength: 4 }), (text, mutations) => {
        checkInvariants(mutations.reduce((t, m) => applyMutation(t, m), text));
      }),
      RUNS,
    );
  });

  it('a document says the same after other, unrelated documents and comments', () => {
    const filler = fc.constantFrom(
      '# a comment only\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n',
      'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: calico\nspec:\n  selector: all()\n',
      '',
    );
    fc.assert(
      fc.property(policyText, filler, (text, before) => {
        const eol = text.includes('\r\n') ? '\r\n' : '\n';
        const prefix = `${before}---\n`.replace(/\n/g, eol);
        const alone = analyzeText(text).findings;
        const after = analyzeText(prefix + text).findings;
        assert.deepEqual(describe_(after, prefix + text, prefix.length), describe_(alone, text));
      }),
      RUNS,
    );
  });

  it('two policies in either order give the same findings', () => {
    fc.assert(
      fc.property(policyText, policyText, (a, b) => {
        const crlf = a.includes('\r\n');
        const second = crlf === b.includes('\r\n') ? b : crlf ? b.replace(/\n/g, '\r\n') : b.replace(/\r\n/g, '\n');
        const sep = crlf ? '---\r\n' : '---\n';
        const key = (text: string) =>
          analyzeText(text)
            .findings.map((f) => `${f.code} ${f.message} <${text.slice(f.span[0], f.span[1])}>`)
            .sort();
        assert.deepEqual(key(a + sep + second), key(second + sep + a));
      }),
      RUNS,
    );
  });
});
