/**
 * The parsed documents the server keeps are made smaller (engine/parse/compactNodes.ts): plain scalars, maps
 * and sequences are made again with their `range` as three numbers of their own. What a reader sees must not
 * change: every node's range, value, comments and its place in the tree are those of the yaml package's own
 * parse, and moving a parsed piece (engine/parse/documentChunks.ts) moves every range.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAlias, isCollection, isDocument, isPair, isScalar, parseAllDocuments } from 'yaml';
import type { Node } from 'yaml';
import { isPackedNode, moveNode } from '../../server/src/engine/parse/compactNodes';
import { parseChunks, shiftDocument } from '../../server/src/engine/parse/documentChunks';
import { parseYamlFile, YAML_OPTIONS } from '../../server/src/engine/parse/yamlFile';

const TEXT = `# a policy
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web   # trailing comment
  namespace: shop
  labels: {app: web, "tier": 'front'}
spec:
  podSelector:
    matchLabels:
      app: &app web
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: *app}}
      ports:
        - port: 80
          protocol: TCP
        - port: 8000
          endPort: 8080
  egress:
    - to:
        - ipBlock:
            cidr: 10.0.0.0/8
            except: !!set {10.1.0.0/16: null}
      ports: [{port: 53, protocol: UDP}]
    - description: |
        a block scalar
        over two lines
---
kind: ConfigMap
data:
  key: >-
    folded
  empty:
  quoted: "a \\"b\\""
`;

/** Every node of a document in order, with its path, range, type and what it holds. */
function describeTree(contents: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (isPair(node)) {
      walk(node.key, `${path}.key`);
      walk(node.value, `${path}.value`);
      return;
    }
    if (node === null || typeof node !== 'object') {
      out.push(`${path} ${String(node)}`);
      return;
    }
    const n = node as Node & { type?: unknown; source?: unknown; flow?: unknown };
    const common = `${path} range=${JSON.stringify(n.range)} comment=${String(n.comment)} before=${String(n.commentBefore)} space=${String(n.spaceBefore)} anchor=${String(n.anchor)} tag=${String(n.tag)}`;
    if (isScalar(node)) out.push(`${common} scalar value=${JSON.stringify(node.value)} type=${String(n.type)} source=${String(n.source)}`);
    else if (isAlias(node)) out.push(`${common} alias ${node.source}`);
    else if (isCollection(node)) {
      out.push(`${common} collection items=${node.items.length} flow=${String(n.flow)}`);
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
    }
  };
  walk(contents, '');
  return out;
}

describe('compact YAML nodes', () => {
  it('read as the yaml package parses them: ranges, values, comments, anchors, tags, styles', () => {
    const plain = parseAllDocuments(TEXT, YAML_OPTIONS);
    assert.ok(Array.isArray(plain));
    const file = parseYamlFile(TEXT);
    assert.equal(file.documents.length, plain.length);
    file.documents.forEach((doc, d) => {
      assert.deepEqual(describeTree(doc.contents), describeTree(plain[d]!.contents));
      assert.deepEqual(doc.toJS(), plain[d]!.toJS());
      assert.equal(doc.toString(), plain[d]!.toString());
    });
  });

  it('are packed: plain scalars, maps and sequences, not a tag such as !!set', () => {
    const doc = parseYamlFile(TEXT).documents[0]!;
    let packed = 0;
    let other = 0;
    const walk = (node: unknown): void => {
      if (isPair(node)) return (walk(node.key), walk(node.value));
      if (isScalar(node) || isCollection(node)) {
        if (isPackedNode(node)) packed++;
        else other++;
      }
      if (isCollection(node)) node.items.forEach(walk);
    };
    walk(doc.contents);
    assert.ok(packed > 60, `packed ${packed}`);
    // The !!set: its class is the yaml package's YAMLSet, kept as it is, with its range array.
    assert.equal(other, 1);
    const except = doc.getIn(['spec', 'egress', 0, 'to', 0, 'ipBlock', 'except'], true) as Node;
    assert.ok(!isPackedNode(except) && Array.isArray(except.range));
  });

  it('move with their piece: every range of a piece parsed alone and moved is the whole parse\'s', () => {
    const text = `${TEXT}---\n${TEXT}`;
    const chunks = parseChunks(text);
    assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
    const whole = parseYamlFile(text).documents;
    assert.deepEqual(
      chunks.flatMap((c) => c.documents).map((doc) => describeTree(doc.contents)),
      whole.map((doc) => describeTree(doc.contents)),
    );
  });

  it('moveNode and shiftDocument move a packed range; writing into the array read moves nothing', () => {
    const doc = parseYamlFile('a: [1, {b: c}]\n').documents[0]!;
    const before = describeTree(doc.contents);
    const node = doc.contents as Node;
    node.range![0] = 99;
    assert.deepEqual(describeTree(doc.contents), before);
    shiftDocument(doc, 10);
    const after = describeTree(doc.contents);
    assert.notDeepEqual(after, before);
    assert.deepEqual(describeTree(parseYamlFile(`${' '.repeat(9)}\na: [1, {b: c}]\n`).documents[0]!.contents), after);
    moveNode(node, -10);
    assert.deepEqual(node.range, [0, 15, 15]);
    node.range = [1, 2, 3];
    assert.deepEqual(node.range, [1, 2, 3]);
    assert.ok(!isDocument(node));
  });

  it('clone as the yaml package clones', () => {
    const doc = parseYamlFile(TEXT).documents[0]!;
    const copy = doc.clone();
    assert.deepEqual(describeTree(copy.contents), describeTree(doc.contents));
    assert.equal(copy.toString(), doc.toString());
  });
});
