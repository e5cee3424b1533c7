/** The hover on a policy's name says what its rules open wide: the same findings as `connlist --exposure`. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/engine';
import { holdsInternetAddress } from '../../../server/src/engine/connlist/exposure';
import { buildWorkspace } from '../../../server/src/engine/reach';
import { reachHover } from '../../../server/src/engine/reach/editor';

const SHOP = path.join(__dirname, '..', '..', 'fixtures', 'connlist', 'shop');
const workloads = readFileSync(path.join(SHOP, 'workloads.yaml'), 'utf8');

function hoverOnName(policy: string, name: string): string {
  const ws = buildWorkspace([{ uri: 'workloads.yaml', text: workloads }, { uri: 'policy.yaml', text: policy }], DEFAULT_SETTINGS);
  const views = ws.policies.filter((p) => p.uri === 'policy.yaml').map((p) => p.view);
  const parts = reachHover(ws, views, policy.indexOf(`name: ${name}`) + 'name: '.length, 'default');
  assert.equal(parts.length, 1);
  return parts[0]!.markdown;
}

const open = (rules: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: open, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress, Egress]
${rules}`;

describe('exposure in the hover on a policy name', () => {
  it('names every namespace, labelled pods of every namespace, outside addresses and the internet, with the rule', () => {
    const markdown = hoverOnName(
      open(`  ingress:
  - from: [{namespaceSelector: {}}]
    ports: [{port: 8080}]
  - from: [{namespaceSelector: {}, podSelector: {matchLabels: {role: scraper}}}, {ipBlock: {cidr: 203.0.113.0/24}}]
  egress:
  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
    ports: [{port: 443}]
`),
      'open',
    );
    assert.ok(
      markdown.endsWith(
        [
          '**Open wide:**',
          '',
          '- exposes app=api on TCP 8080 to every namespace (`spec.ingress[0]`)',
          '- exposes app=api on every port to pods role=scraper in every namespace (`spec.ingress[1]`)',
          '- exposes app=api on every port to addresses 203.0.113.0/24 (`spec.ingress[1]`)',
          '- lets app=api connect to the internet (0.0.0.0/0 except 10.0.0.0/8) on TCP 443 (`spec.egress[0]`)',
        ].join('\n'),
      ),
      markdown,
    );
  });

  it('says nothing when the rules stay narrow: a namespace by name, pods of the own namespace, private ranges only', () => {
    const markdown = hoverOnName(
      open(`  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: shop}}}, {podSelector: {}}]
  egress:
  - to: [{ipBlock: {cidr: 10.0.0.0/8}}, {ipBlock: {cidr: 192.168.0.0/16}}]
`),
      'open',
    );
    assert.ok(!markdown.includes('Open wide'), markdown);
  });

  it('reads every namespace from matchExpressions on the name label every namespace carries', () => {
    const markdown = hoverOnName(
      open(`  ingress:
  - from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: Exists}]}}]
    ports: [{port: 8080}]
  - from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, default]}]}, podSelector: {matchLabels: {role: scraper}}}]
`),
      'open',
    );
    assert.ok(
      markdown.endsWith(
        [
          '**Open wide:**',
          '',
          '- exposes app=api on TCP 8080 to every namespace (`spec.ingress[0]`)',
          '- exposes app=api on every port to pods role=scraper in every namespace but default, kube-system (`spec.ingress[1]`)',
        ].join('\n'),
      ),
      markdown,
    );
  });

  it('says nothing of a namespaceSelector that names namespaces or needs another label', () => {
    const markdown = hoverOnName(
      open(`  ingress:
  - from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [shop]}]}}]
  - from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: Exists}, {key: team, operator: Exists}]}}]
  - from: [{namespaceSelector: {matchExpressions: [{key: team, operator: DoesNotExist}]}}]
`),
      'open',
    );
    assert.ok(!markdown.includes('Open wide'), markdown);
  });

  it('says nothing of rules in a direction the policy does not isolate', () => {
    const markdown = hoverOnName(
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ingress-only, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  egress:
  - {}
`,
      'ingress-only',
    );
    assert.ok(!markdown.includes('Open wide'), markdown);
  });

  it('tells the internet from private, shared, link-local and unique-local ranges', () => {
    assert.equal(holdsInternetAddress({ cidr: '10.0.0.0/8' }), false);
    assert.equal(holdsInternetAddress({ cidr: '169.254.169.254/32' }), false);
    assert.equal(holdsInternetAddress({ cidr: 'fd00::/8' }), false);
    assert.equal(holdsInternetAddress({ cidr: '0.0.0.0/1', except: ['0.0.0.0/1'] }), false);
    assert.equal(holdsInternetAddress({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }), true);
    assert.equal(holdsInternetAddress({ cidr: '2001:db8::/32' }), true);
    assert.equal(holdsInternetAddress({ cidr: 'bogus' }), false);
  });
});
