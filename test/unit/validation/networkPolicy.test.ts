/**
 * `ValidateNetworkPolicy` cases from kubernetes/kubernetes pkg/apis/networking/validation/validation_test.go
 * (TestValidateNetworkPolicy success and error cases), each asserting the whole ordered list of
 * errors as the API server renders them (`field.Error.Error()`), plus cases derived from the code.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap } from 'yaml';
import { parseYamlFile } from '../../../server/src/engine';
import { errorString } from '../../../server/src/engine/validation/fieldErrors';
import type { KubernetesVersion } from '../../../server/src/engine/validation/kubernetesVersion';
import { featuresOf } from '../../../server/src/engine/validation/kubernetesVersion';
import { validateNetworkPolicy } from '../../../server/src/engine/validation/networkPolicy';

function validate(text: string, version: KubernetesVersion = '1.36') {
  const file = parseYamlFile(text);
  const doc = file.documents[0]!;
  assert.ok(isMap(doc.contents));
  const result = validateNetworkPolicy(doc, doc.contents, version);
  return {
    errors: result.errors.map((e) => errorString(e, featuresOf(version))),
    texts: result.errors.map((e) => text.slice(e.span[0], e.span[1])),
    warnings: result.warnings.map((w) => `${w.field.join('.')}: ${w.message}`),
  };
}

/** The upstream test's base object (name foo, namespace bar, podSelector a: b) with spec lines added. */
function policy(specLines: string, metadata = '{name: foo, namespace: bar}'): string {
  const extra = specLines
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => `  ${l}`)
    .join('\n');
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: ${metadata}\nspec:\n  podSelector: {matchLabels: {a: b}}\n${extra}\n`;
}

const IPV4 = '{cidr: 192.168.0.0/16, except: [192.168.3.0/24, 192.168.4.0/24]}';
const IPV6 = '{cidr: "fd00:192:168::/48", except: ["fd00:192:168:3::/64", "fd00:192:168:4::/64"]}';
const PORTS5 = '[{port: 80}, {protocol: TCP}, {protocol: TCP, port: 443}, {protocol: UDP, port: dns}, {protocol: SCTP, port: 7777}]';
const LABELKEY_RX =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const CIDR_BAD = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const INVALID_SELECTOR = '{NoUppercaseOrSpecialCharsLike=Equals: b}';

describe('ValidateNetworkPolicy: upstream success cases', () => {
  const cases: Record<string, string> = {
    S1: 'ingress: [{}]',
    S2: 'ingress: [{ports: [{}]}]',
    'S2 (long form)': 'ingress: [{from: [], ports: []}]',
    S3: `ingress: [{ports: ${PORTS5}}]`,
    S4: 'ingress: [{from: [{podSelector: {matchLabels: {c: d}}}]}]',
    S5: 'ingress: [{from: [{namespaceSelector: {matchLabels: {c: d}}}]}]',
    S6: 'ingress: [{from: [{podSelector: {matchLabels: {e: f}}, namespaceSelector: {matchLabels: {c: d}}}]}]',
    S7: `egress: [{to: [{namespaceSelector: {matchLabels: {c: d}}}]}]\ningress: [{from: [{ipBlock: ${IPV4}}]}]`,
    S8: `ingress: [{from: [{ipBlock: ${IPV4}}]}]`,
    S9: `egress: [{to: [{ipBlock: ${IPV4}}]}]\npolicyTypes: [Egress]`,
    S10: `egress: [{to: [{ipBlock: ${IPV4}}]}]\npolicyTypes: [Ingress, Egress]`,
    S11: `egress: [{ports: ${PORTS5}}]`,
    S12: `egress: [{to: [{namespaceSelector: {matchLabels: {c: d}}}]}]\ningress: [{from: [{ipBlock: ${IPV6}}]}]`,
    S13: `ingress: [{from: [{ipBlock: ${IPV6}}]}]`,
    S14: `egress: [{to: [{ipBlock: ${IPV6}}]}]\npolicyTypes: [Egress]`,
    S15: `egress: [{to: [{ipBlock: ${IPV6}}]}]\npolicyTypes: [Ingress, Egress]`,
    S16: 'egress: [{ports: [{port: 32000, endPort: 32768}, {protocol: UDP, port: dns}]}]',
    S17: `egress: [{to: [{namespaceSelector: {matchLabels: {c: d}}}], ports: [{port: 30000, endPort: 32768}, {port: 32000, endPort: 32768}]}]
ingress: [{from: [{podSelector: {matchLabels: {e: f}}}], ports: [{protocol: TCP, port: 32768, endPort: 32768}]}]`,
    'duplicate policyTypes are accepted': 'policyTypes: [Ingress, Ingress]',
    'policyTypes without matching rules are accepted': 'policyTypes: [Egress]\ningress: [{}]',
    'no namespace (kubectl fills it in)': '',
  };
  for (const [name, spec] of Object.entries(cases)) {
    it(name, () => {
      const text = name.startsWith('no namespace') ? policy(spec, '{name: foo}') : policy(spec);
      for (const version of ['1.33', '1.36'] as const) assert.deepEqual(validate(text, version), { errors: [], texts: [], warnings: [] });
    });
  }
});

describe('ValidateNetworkPolicy: upstream error cases', () => {
  const cases: [string, string, string[], string[]?][] = [
    [
      'namespaceSelector and ipBlock',
      `ingress: [{from: [{namespaceSelector: {matchLabels: {c: d}}, ipBlock: ${IPV4}}]}]`,
      ['spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'],
    ],
    [
      'podSelector and ipBlock',
      `egress: [{to: [{podSelector: {matchLabels: {c: d}}, ipBlock: ${IPV4}}]}]`,
      ['spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer'],
    ],
    [
      'missing from and to type',
      'ingress: [{from: [{}]}]\negress: [{to: [{}]}]',
      ['spec.ingress[0].from[0]: Required value: must specify a peer', 'spec.egress[0].to[0]: Required value: must specify a peer'],
      ['{}', '{}'],
    ],
    [
      'invalid ingress.ports.protocol',
      'ingress: [{ports: [{protocol: ICMP, port: 80}]}]',
      ['spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"'],
      ['ICMP'],
    ],
    [
      'invalid ingress.ports.port (int)',
      'ingress: [{ports: [{protocol: TCP, port: 123456789}]}]',
      ['spec.ingress[0].ports[0].port: Invalid value: 123456789: must be between 1 and 65535, inclusive'],
      ['123456789'],
    ],
    [
      'invalid ingress.ports.port (str)',
      'ingress: [{ports: [{protocol: TCP, port: "!@#$"}]}]',
      [
        'spec.ingress[0].ports[0].port: Invalid value: "!@#$": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.ingress[0].ports[0].port: Invalid value: "!@#$": must contain at least one letter (a-z)',
      ],
    ],
    [
      'invalid ingress.from.podSelector',
      `ingress: [{from: [{podSelector: {matchLabels: ${INVALID_SELECTOR}}}]}]`,
      [`spec.ingress[0].from[0].podSelector.matchLabels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${LABELKEY_RX}`],
      ['NoUppercaseOrSpecialCharsLike=Equals'],
    ],
    [
      'invalid egress.to.podSelector',
      `egress: [{to: [{podSelector: {matchLabels: ${INVALID_SELECTOR}}}]}]`,
      [`spec.egress[0].to[0].podSelector.matchLabels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${LABELKEY_RX}`],
    ],
    [
      'invalid egress.ports.protocol',
      'egress: [{ports: [{protocol: ICMP, port: 80}]}]',
      ['spec.egress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"'],
    ],
    [
      'invalid egress.ports.port (int)',
      'egress: [{ports: [{protocol: TCP, port: 123456789}]}]',
      ['spec.egress[0].ports[0].port: Invalid value: 123456789: must be between 1 and 65535, inclusive'],
    ],
    [
      'invalid egress.ports.port (str)',
      'egress: [{ports: [{protocol: TCP, port: "!@#$"}]}]',
      [
        'spec.egress[0].ports[0].port: Invalid value: "!@#$": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.egress[0].ports[0].port: Invalid value: "!@#$": must contain at least one letter (a-z)',
      ],
    ],
    [
      'invalid ingress.from.namespaceSelector',
      `ingress: [{from: [{namespaceSelector: {matchLabels: ${INVALID_SELECTOR}}}]}]`,
      [`spec.ingress[0].from[0].namespaceSelector.matchLabels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${LABELKEY_RX}`],
    ],
    [
      'missing cidr field',
      'ingress: [{from: [{ipBlock: {cidr: "", except: [192.168.3.0/24, 192.168.4.0/24]}}]}]',
      ['spec.ingress[0].from[0].ipBlock.cidr: Required value'],
      ['""'],
    ],
    [
      'invalid cidr format',
      'ingress: [{from: [{ipBlock: {cidr: 192.168.5.6, except: [192.168.3.0/24, 192.168.4.0/24]}}]}]',
      [`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "192.168.5.6": ${CIDR_BAD}`],
    ],
    [
      'invalid ipv6 cidr format',
      'ingress: [{from: [{ipBlock: {cidr: "fd00:192:168::", except: ["fd00:192:168:3::/64", "fd00:192:168:4::/64"]}}]}]',
      [`spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "fd00:192:168::": ${CIDR_BAD}`],
    ],
    [
      'except field is an empty string',
      'ingress: [{from: [{ipBlock: {cidr: 192.168.8.0/24, except: [""]}}]}]',
      [`spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "": ${CIDR_BAD}`],
      ['""'],
    ],
    [
      'except field is an space string',
      'ingress: [{from: [{ipBlock: {cidr: 192.168.8.0/24, except: [" "]}}]}]',
      [`spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: " ": ${CIDR_BAD}`],
    ],
    [
      'except field is an invalid ip',
      'ingress: [{from: [{ipBlock: {cidr: 192.168.8.0/24, except: ["300.300.300.300"]}}]}]',
      [`spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "300.300.300.300": ${CIDR_BAD}`],
    ],
    [
      'except IP is outside of CIDR range',
      'ingress: [{from: [{ipBlock: {cidr: 192.168.8.0/24, except: [192.168.9.1/32]}}]}]',
      ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.9.1/32": must be a strict subset of `cidr`'],
      ['192.168.9.1/32'],
    ],
    [
      'except IP is not strictly within CIDR range',
      'ingress: [{from: [{ipBlock: {cidr: 192.168.0.0/24, except: [192.168.0.0/24]}}]}]',
      ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`'],
    ],
    [
      'except IPv6 is outside of CIDR range',
      'ingress: [{from: [{ipBlock: {cidr: "fd00:192:168:1::/64", except: ["fd00:192:168:2::/64"]}}]}]',
      ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "fd00:192:168:2::/64": must be a strict subset of `cidr`'],
    ],
    [
      'invalid policyTypes',
      `egress: [{to: [{ipBlock: ${IPV4}}]}]\npolicyTypes: [foo, bar]`,
      [
        'spec.policyTypes[0]: Unsupported value: "foo": supported values: "Ingress", "Egress"',
        'spec.policyTypes[1]: Unsupported value: "bar": supported values: "Ingress", "Egress"',
      ],
      ['foo', 'bar'],
    ],
    [
      'too many policyTypes',
      `egress: [{to: [{ipBlock: ${IPV4}}]}]\npolicyTypes: [foo, bar, baz]`,
      ['spec.policyTypes: Invalid value: ["foo","bar","baz"]: may not specify more than two policyTypes'],
      ['[foo, bar, baz]'],
    ],
    [
      'multiple ports defined, one port range is invalid',
      'egress: [{to: [{namespaceSelector: {matchLabels: {c: d}}}], ports: [{protocol: UDP, port: 35000, endPort: 32768}, {port: 32000, endPort: 32768}]}]',
      ['spec.egress[0].ports[0].endPort: Invalid value: 35000: must be greater than or equal to `port`'],
      ['32768'],
    ],
    [
      'endPort defined with named/string port',
      'egress: [{to: [{namespaceSelector: {matchLabels: {c: d}}}], ports: [{protocol: UDP, port: dns, endPort: 32768}, {port: 32000, endPort: 32768}]}]',
      ['spec.egress[0].ports[0].endPort: Invalid value: 32768: may not be specified when `port` is non-numeric'],
    ],
    [
      'endPort defined without port defined',
      'egress: [{to: [{namespaceSelector: {matchLabels: {c: d}}}], ports: [{protocol: TCP, endPort: 32768}]}]',
      ['spec.egress[0].ports[0].endPort: Invalid value: 32768: may not be specified when `port` is not specified'],
    ],
    [
      'port is greater than endPort',
      'egress: [{to: [{namespaceSelector: {matchLabels: {c: d}}}], ports: [{protocol: SCTP, port: 35000, endPort: 32768}]}]',
      ['spec.egress[0].ports[0].endPort: Invalid value: 35000: must be greater than or equal to `port`'],
    ],
    [
      'multiple invalid port ranges defined',
      'egress: [{to: [{namespaceSelector: {matchLabels: {c: d}}}], ports: [{protocol: UDP, port: 35000, endPort: 32768}, {protocol: TCP, endPort: 32768}, {protocol: TCP, port: https, endPort: 32768}]}]',
      [
        'spec.egress[0].ports[0].endPort: Invalid value: 35000: must be greater than or equal to `port`',
        'spec.egress[0].ports[1].endPort: Invalid value: 32768: may not be specified when `port` is not specified',
        'spec.egress[0].ports[2].endPort: Invalid value: 32768: may not be specified when `port` is non-numeric',
      ],
    ],
    [
      'invalid endport range defined',
      'egress: [{to: [{namespaceSelector: {matchLabels: {c: d}}}], ports: [{protocol: TCP, port: 30000, endPort: 65537}]}]',
      ['spec.egress[0].ports[0].endPort: Invalid value: 65537: must be between 1 and 65535, inclusive'],
    ],
  ];
  for (const [name, spec, errors, texts] of cases) {
    it(name, () => {
      const result = validate(policy(spec));
      assert.deepEqual(result.errors, errors);
      if (texts) assert.deepEqual(result.texts, texts);
    });
  }

  it('invalid spec.podSelector', () => {
    const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: foo, namespace: bar}\nspec:\n  podSelector: {matchLabels: ${INVALID_SELECTOR}}\n`;
    assert.deepEqual(validate(text).errors, [`spec.podSelector.matchLabels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${LABELKEY_RX}`]);
  });

  it('reports metadata first, then spec in order: podSelector, ingress (ports, from), egress (ports, to), policyTypes', () => {
    const text = policy(
      `policyTypes: [ingress]\negress: [{to: [{}], ports: [{protocol: tcp}]}]\ningress: [{from: [{}], ports: [{port: 0}]}]`,
      '{name: Foo, namespace: bar}',
    ).replace('{matchLabels: {a: b}}', '{matchExpressions: [{key: a, operator: Exists, values: [b]}]}');
    assert.deepEqual(
      validate(text).errors.map((e) => e.split(':')[0]),
      [
        'metadata.name',
        'spec.podSelector.matchExpressions[0].values',
        'spec.ingress[0].ports[0].port',
        'spec.ingress[0].from[0]',
        'spec.egress[0].ports[0].protocol',
        'spec.egress[0].to[0]',
        'spec.policyTypes[0]',
      ],
    );
  });
});

describe('ValidateNetworkPolicy: cases derived from the code', () => {
  it('metadata.name must be a DNS subdomain', () => {
    assert.deepEqual(validate(policy('', '{name: Foo_Bar, namespace: bar}')).errors, [
      `metadata.name: Invalid value: "Foo_Bar": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });
  it('a missing name is required unless generateName is given', () => {
    const missing = validate(policy('', '{namespace: bar}'));
    assert.deepEqual(missing.errors, ['metadata.name: Required value: name or generateName is required']);
    assert.deepEqual(missing.texts, ['metadata']);
    assert.deepEqual(validate(policy('', '{generateName: foo-, namespace: bar}')).errors, []);
    // A misspelled metadata key is the decoder's error (NP130), not a missing name.
    assert.deepEqual(validate(policy('', '{name: foo}').replace('metadata:', 'metdata:')).errors, []);
  });
  it('namespace must be a DNS label: dots get their own message', () => {
    assert.deepEqual(validate(policy('', '{name: foo, namespace: a.b}')).errors, ['metadata.namespace: Invalid value: "a.b": must not contain dots']);
    assert.deepEqual(validate(policy('', '{name: foo, namespace: A}')).errors, [
      `metadata.namespace: Invalid value: "A": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });
  it('label values over 63 bytes: "characters" before 1.35, "bytes" from 1.35', () => {
    const long = 'a'.repeat(64);
    const text = policy('', `{name: foo, namespace: bar, labels: {app: ${long}}}`);
    assert.deepEqual(validate(text, '1.34').errors, [`metadata.labels: Invalid value: "${long}": must be no more than 63 characters`]);
    assert.deepEqual(validate(text, '1.35').errors, [`metadata.labels: Invalid value: "${long}": must be no more than 63 bytes`]);
  });
  it('label keys: empty prefix, empty name, upper-case prefix', () => {
    const text = policy('', '{name: foo, namespace: bar, labels: {"/a": x, "b/": y, "Example.com/c": z}}');
    const prefixRx =
      "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    assert.deepEqual(validate(text).errors, [
      'metadata.labels: Invalid value: "/a": prefix part must be non-empty',
      'metadata.labels: Invalid value: "b/": name part must be non-empty',
      `metadata.labels: Invalid value: "b/": ${LABELKEY_RX}`,
      `metadata.labels: Invalid value: "Example.com/c": ${prefixRx}`,
    ]);
  });
  it('annotation keys are checked lower-cased and reported as written; the total size is limited', () => {
    assert.deepEqual(validate(policy('', '{name: foo, namespace: bar, annotations: {Example.COM/Note: x}}')).errors, []);
    const big = 'x'.repeat(262144);
    const result = validate(policy('', `{name: foo, namespace: bar, annotations: {a: ${big}}}`));
    assert.deepEqual(result.errors, ['metadata.annotations: Too long: may not be more than 262144 bytes']);
    assert.deepEqual(result.texts, ['annotations']);
  });
  it('finalizers: a qualified name on the list path, then "neither a standard finalizer name" per item', () => {
    const result = validate(policy('', '{name: foo, namespace: bar, finalizers: [kubernetes, orphan, example.com/cleanup, cleanup, "-bad-"]}'));
    assert.deepEqual(result.errors, [
      `metadata.finalizers: Invalid value: "-bad-": ${LABELKEY_RX}`,
      'metadata.finalizers[3]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
      'metadata.finalizers[4]: Invalid value: "-bad-": name is neither a standard finalizer name nor is it fully qualified',
    ]);
    assert.deepEqual(result.texts, ['"-bad-"', 'cleanup', '"-bad-"']);
  });
  it('finalizers: a prefix is a DNS subdomain and the name part must not be empty; a name with / is never checked as standard', () => {
    const prefixRx =
      "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    assert.deepEqual(validate(policy('', '{name: foo, namespace: bar, finalizers: [Example.com/x, "example.com/"]}')).errors, [
      `metadata.finalizers: Invalid value: "Example.com/x": ${prefixRx}`,
      'metadata.finalizers: Invalid value: "example.com/": name part must be non-empty',
      `metadata.finalizers: Invalid value: "example.com/": ${LABELKEY_RX}`,
    ]);
  });
  it('finalizers: orphan and foregroundDeletion cannot be both set (the list rendered per version)', () => {
    const text = policy('', '{name: foo, namespace: bar, finalizers: [orphan, foregroundDeletion]}');
    assert.deepEqual(validate(text).errors, ['metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set']);
    assert.deepEqual(validate(text, '1.33').errors, [
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
    assert.deepEqual(validate(text).texts, ['[orphan, foregroundDeletion]']);
  });
  it('finalizers: a list with a non-string item is left to the decoder (NP131), an empty list is fine', () => {
    assert.deepEqual(validate(policy('', '{name: foo, namespace: bar, finalizers: [cleanup, 1]}')).errors, []);
    assert.deepEqual(validate(policy('', '{name: foo, namespace: bar, finalizers: []}')).errors, []);
    // Written twice: the API server has no duplicate check for finalizers.
    assert.deepEqual(validate(policy('', '{name: foo, namespace: bar, finalizers: [example.com/a, example.com/a]}')).errors, []);
  });
  it('matchExpressions: values required for In, forbidden for Exists, operators case-sensitive', () => {
    const text = policy(
      'ingress: [{from: [{podSelector: {matchExpressions: [{key: app, operator: In}, {key: app, operator: Exists, values: [x]}, {key: app, operator: in, values: ["bad value"]}, {operator: NotIn, values: [a]}]}}]}]',
    );
    const base = 'spec.ingress[0].from[0].podSelector.matchExpressions';
    assert.deepEqual(validate(text).errors, [
      `${base}[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
      `${base}[1].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
      `${base}[2].operator: Invalid value: "in": not a valid selector operator`,
      `${base}[2].values[0]: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      `${base}[3].key: Invalid value: "": name part must be non-empty`,
      `${base}[3].key: Invalid value: "": ${LABELKEY_RX}`,
    ]);
  });
  it('a quoted number is a port name; port 0 is out of range', () => {
    assert.deepEqual(validate(policy('ingress: [{ports: [{port: "80"}, {port: 0}]}]')).errors, [
      'spec.ingress[0].ports[0].port: Invalid value: "80": must contain at least one letter (a-z)',
      'spec.ingress[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });
  it('port names: hyphens and length', () => {
    assert.deepEqual(validate(policy('ingress: [{ports: [{port: http--x}, {port: -http}, {port: averyveryverylongname}]}]')).errors, [
      'spec.ingress[0].ports[0].port: Invalid value: "http--x": must not contain consecutive hyphens',
      'spec.ingress[0].ports[1].port: Invalid value: "-http": must not begin or end with a hyphen',
      'spec.ingress[0].ports[2].port: Invalid value: "averyveryverylongname": must be no more than 15 characters',
    ]);
  });
  it('protocol is case-sensitive; an absent protocol defaults to TCP', () => {
    assert.deepEqual(validate(policy('egress: [{ports: [{protocol: udp, port: 53}, {port: 53}]}]')).errors, [
      'spec.egress[0].ports[0].protocol: Unsupported value: "udp": supported values: "TCP", "UDP", "SCTP"',
    ]);
  });
  it('too many policyTypes render as Go syntax before 1.34', () => {
    assert.deepEqual(validate(policy('policyTypes: [foo, bar, baz]'), '1.33').errors, [
      'spec.policyTypes: Invalid value: []networking.PolicyType{"foo", "bar", "baz"}: may not specify more than two policyTypes',
    ]);
  });
  it('a null peer selector does not count as a peer', () => {
    assert.deepEqual(validate(policy('ingress: [{from: [{podSelector: null}]}]')).errors, ['spec.ingress[0].from[0]: Required value: must specify a peer']);
  });
  it('an unparseable cidr stops the except checks; a bad except does not stop the next one', () => {
    assert.deepEqual(validate(policy('ingress: [{from: [{ipBlock: {cidr: nope, except: [x]}}]}]')).errors, [
      `spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "nope": ${CIDR_BAD}`,
    ]);
    assert.deepEqual(validate(policy('ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [x, 11.0.0.0/16]}}]}]')).errors, [
      `spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "x": ${CIDR_BAD}`,
      'spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "11.0.0.0/16": must be a strict subset of `cidr`',
    ]);
  });
  it('host bits: an error from 1.36, a warning before', () => {
    const text = policy('ingress: [{from: [{ipBlock: {cidr: 10.0.0.1/8}}]}]');
    assert.deepEqual(validate(text, '1.36'), {
      errors: ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length'],
      texts: ['10.0.0.1/8'],
      warnings: [],
    });
    assert.deepEqual(validate(text, '1.35'), {
      errors: [],
      texts: [],
      warnings: ['spec.ingress.0.from.0.ipBlock.cidr: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)'],
    });
  });
  it('strict mode: an except can get both a format error and the subset error', () => {
    assert.deepEqual(validate(policy('ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.0.1/16]}}]}]')).errors, [
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.1/16": must not have bits set beyond the prefix length',
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.1/16": must be a strict subset of `cidr`',
    ]);
  });
  it('non-canonical IPv6 is only a warning, in every version', () => {
    const text = policy('ingress: [{from: [{ipBlock: {cidr: "2001:DB8::/64"}}]}]');
    for (const version of ['1.33', '1.36'] as const) {
      assert.deepEqual(validate(text, version).warnings, [
        'spec.ingress.0.from.0.ipBlock.cidr: IPv6 CIDR value "2001:DB8::/64" should be in RFC 5952 canonical format ("2001:db8::/64")',
      ]);
    }
  });
  it('the last of duplicate keys is the one validated, as Go decodes it', () => {
    assert.deepEqual(validate(policy('ingress: [{ports: [{protocol: udp, protocol: UDP}]}]')).errors, []);
  });
  it('a value of the wrong type is left to the structure checks, with nothing cascading from it', () => {
    assert.deepEqual(validate(policy('ingress: [{from: [{podSelector: "app=web"}], ports: [{port: true, endPort: 90}]}]')).errors, []);
  });
});
