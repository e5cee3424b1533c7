/**
 * The expectations format: the JSON schema shipped for editors (schemas/netpol-expectations.schema.json,
 * contributed to the YAML extension) and the reader the CLI and the rules use say the same thing.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { EXPECTATION_KEYS, EXPECTATIONS_API_VERSION, EXPECTATIONS_KIND, FILE_KEYS, mentionsExpectations, parseEndpoint, parsePortRange, readExpectations } from '../../../server/src/engine/expectations/format';
import { parseYamlFile } from '../../../server/src/engine/parse/yamlFile';

const root = path.join(__dirname, '..', '..', '..');
const schemaPath = path.join(root, 'schemas', 'netpol-expectations.schema.json');

interface Schema {
  required: string[];
  properties: Record<string, { const?: string }>;
  definitions: { expectation: { required: string[]; properties: Record<string, { oneOf?: { type: string; pattern?: string }[] }> } };
}
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Schema;

describe('expectations format: schema and reader agree', () => {
  it('on the fields of the file and of an expectation, and which are required', () => {
    assert.deepEqual(Object.keys(schema.properties).sort(), [...FILE_KEYS].sort());
    assert.deepEqual(Object.keys(schema.definitions.expectation.properties).sort(), [...EXPECTATION_KEYS].sort());
    assert.deepEqual(schema.required.sort(), ['apiVersion', 'expect', 'kind']);
    assert.deepEqual(schema.definitions.expectation.required.sort(), ['allowed', 'from', 'to']);
    assert.equal(schema.properties.apiVersion!.const, EXPECTATIONS_API_VERSION);
    assert.equal(schema.properties.kind!.const, EXPECTATIONS_KIND);
  });

  it('on which port texts are written right', () => {
    const pattern = new RegExp(schema.definitions.expectation.properties.port!.oneOf!.find((o) => o.type === 'string')!.pattern!);
    for (const text of ['8080', '53/UDP', '53/udp', '8000-8080/TCP', '9/SCTP', '80/HTTP', '80/', 'tcp', '80-', '-80', '8080 /TCP', '']) {
      assert.equal(pattern.test(text), typeof parsePortRange(text) !== 'string', text);
    }
  });

  it('is shipped and contributed to the YAML extension', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { yamlValidation: { fileMatch: string[]; url: string }[] } };
    const entry = manifest.contributes.yamlValidation.find((v) => v.url.endsWith('netpol-expectations.schema.json'))!;
    assert.ok(existsSync(path.join(root, entry.url)));
    assert.ok(entry.fileMatch.includes('*.netpol-test.yaml') && entry.fileMatch.includes('netpol-expectations.yaml'));
    assert.match(readFileSync(path.join(root, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m);
  });
});

describe('expectations format: reading', () => {
  it('reads endpoints of each kind', () => {
    assert.deepEqual(parseEndpoint('shop/api'), { kind: 'workload', text: 'shop/api' });
    assert.deepEqual(parseEndpoint('shop/StatefulSet/db'), { kind: 'workload', text: 'shop/StatefulSet/db' });
    assert.deepEqual(parseEndpoint('shop/app.kubernetes.io/name=web,tier=front'), {
      kind: 'selector',
      text: 'shop/app.kubernetes.io/name=web,tier=front',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'web', tier: 'front' },
    });
    const cidr = parseEndpoint('10.0.0.0/8');
    assert.ok(typeof cidr !== 'string' && cidr.kind === 'address' && !cidr.single && cidr.cidr.prefix === 8);
    const v6 = parseEndpoint('2001:db8::1');
    assert.ok(typeof v6 !== 'string' && v6.kind === 'address' && v6.single && v6.cidr.prefix === 128);
    assert.equal(typeof parseEndpoint('Shop/api'), 'string');
    assert.equal(typeof parseEndpoint('10.0.0.0/33'), 'string');
  });

  it('reads several documents, and ignores the other documents of the file', () => {
    const file = parseYamlFile(`apiVersion: v1
kind: ConfigMap
metadata: {name: x}
---
apiVersion: netpol-lens/v1
kind: ConnectivityExpectations
expect:
- {from: shop/a, to: shop/b, allowed: true}
---
apiVersion: netpol-lens/v1
kind: ConnectivityExpectations
expect: []
`);
    const documents = readExpectations(file);
    assert.deepEqual(documents.map((d) => [d.documentIndex, d.expectations.length, d.problems.length]), [[1, 1, 0], [2, 0, 0]]);
  });

  it('reports a YAML syntax error of an expectations document instead of trusting the guess', () => {
    const file = parseYamlFile('apiVersion: netpol-lens/v1\nkind: ConnectivityExpectations\nexpect:\n- {from: shop/a, to: shop/b, allowed: true\n');
    const [document] = readExpectations(file);
    assert.match(document!.problems[0]!.message, /^YAML syntax error: /);
  });

  it('never spans the line break when the parser points at the \\r of a CRLF (found by the fuzzer)', () => {
    const text = 'apiVersion: netpol-lens/v1\nkind: ConnectivityExpectations\nexpect:\n- {from: shop/api, to: shop/web, allowed: \r\ntrue}\n';
    const [document] = readExpectations(parseYamlFile(text));
    const syntax = document!.problems.filter((p) => p.message.startsWith('YAML syntax error: '));
    assert.ok(syntax.length > 0);
    for (const { span } of syntax) assert.doesNotMatch(text.slice(span[0], span[1]), /[\r\n]/);
  });
});

describe('expectations format: which files', () => {
  it('are told by kind or by an apiVersion of the group, not by a link to the project', () => {
    assert.equal(mentionsExpectations('kind: ConnectivityExpectations\n'), true);
    assert.equal(mentionsExpectations('apiVersion: netpol-lens/v2\n'), true);
    assert.equal(mentionsExpectations('# see https://github.com/netpol-lens/netpol-lens/blob/main/docs/rules/NP201.md\nkind: NetworkPolicy\n'), false);
  });
});
