/** Corners of the semantics that the e2e tables do not reach. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/engine';
import { buildWorkspace, reach } from '../../../server/src/engine/reach';
import { addressString } from '../../../server/src/engine/net/cidr';
import { AddressBlock, parseAddress } from '../../../server/src/engine/reach/addresses';

const pods = `apiVersion: v1
kind: Pod
metadata:
  name: client
  labels: {app: client}
status:
  podIP: 10.0.0.5
---
apiVersion: v1
kind: Pod
metadata:
  name: dns
  labels: {app: dns}
spec:
  containers:
  - name: d
    ports:
    - {containerPort: 53, name: dns, protocol: UDP}
    - {containerPort: 8053, name: dns-tcp}
status:
  podIPs:
  - ip: 10.0.0.6
  - ip: fd00::6
`;

function allowed(policy: string, from: string, to: string, port: number, protocol = 'TCP', settings = DEFAULT_SETTINGS, externals: string[] = []) {
  const ws = buildWorkspace([{ uri: 'pods.yaml', text: pods }, { uri: 'policy.yaml', text: policy }], settings, externals);
  const [a] = ws.findEndpoints(from);
  const [b] = ws.findEndpoints(to);
  assert.ok(a && b, `${from} and ${to}`);
  return reach(ws, a, b, { port, protocol }).allowed;
}

const ingressToDns = (rule: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector: {matchLabels: {app: dns}}
  ingress:
${rule}`;

describe('reach semantics', () => {
  it('resolves a named port with its protocol against the destination pod', () => {
    const policy = ingressToDns('  - ports:\n    - port: dns\n      protocol: UDP\n');
    assert.equal(allowed(policy, 'default/client', 'default/dns', 53, 'UDP'), true);
    assert.equal(allowed(policy, 'default/client', 'default/dns', 53, 'TCP'), false);
    const wrongProtocol = ingressToDns('  - ports:\n    - port: dns\n'); // TCP by default; the container's dns port is UDP
    assert.equal(allowed(wrongProtocol, 'default/client', 'default/dns', 53, 'UDP'), false);
    assert.equal(allowed(wrongProtocol, 'default/client', 'default/dns', 53, 'TCP'), false);
    const tcp = ingressToDns('  - ports:\n    - port: dns-tcp\n');
    assert.equal(allowed(tcp, 'default/client', 'default/dns', 8053), true);
  });

  it('reads endPort as an inclusive range', () => {
    const policy = ingressToDns('  - ports:\n    - {port: 8000, endPort: 8053}\n');
    assert.equal(allowed(policy, 'default/client', 'default/dns', 8053), true);
    assert.equal(allowed(policy, 'default/client', 'default/dns', 8054), false);
    assert.equal(allowed(policy, 'default/client', 'default/dns', 7999), false);
  });

  it('treats `from: []` as every source and a null podSelector peer as nothing', () => {
    assert.equal(allowed(ingressToDns('  - from: []\n'), 'default/client', 'default/dns', 80), true);
    assert.equal(allowed(ingressToDns('  - from: []\n'), '8.8.8.8', 'default/dns', 80, 'TCP', DEFAULT_SETTINGS, ['8.8.8.8']), true);
    assert.equal(allowed(ingressToDns('  - from:\n    - podSelector:\n'), 'default/client', 'default/dns', 80), false);
    assert.equal(allowed(ingressToDns('  - from:\n    - podSelector: {}\n'), 'default/client', 'default/dns', 80), true);
  });

  it('matches ipBlocks against IPv6 pod addresses too', () => {
    const policy = ingressToDns('  - from:\n    - ipBlock: {cidr: "fd00::/8", except: ["fd00::5/128"]}\n');
    const egress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock: {cidr: "fd00::/8"}
`;
    assert.equal(allowed(egress, 'default/client', 'default/dns', 80), true, 'dns has fd00::6');
    assert.equal(allowed(policy, 'default/client', 'default/dns', 80), false, 'client has only an IPv4 address');
    assert.equal(allowed(policy, 'fd00::7', 'default/dns', 80, 'TCP', DEFAULT_SETTINGS, ['fd00::7']), true);
    assert.equal(allowed(policy, 'fd00::5', 'default/dns', 80, 'TCP', DEFAULT_SETTINGS, ['fd00::5']), false);
  });

  it('puts unnamespaced objects in the configured default namespace', () => {
    const policy = ingressToDns('  - from:\n    - podSelector: {matchLabels: {app: other}}\n');
    const settings = { ...DEFAULT_SETTINGS, defaultNamespace: 'prod' };
    assert.equal(allowed(policy, 'prod/client', 'prod/dns', 80, 'TCP', settings), false);
    const elsewhere = policy.replace('metadata: {name: p}', 'metadata: {name: p, namespace: default}');
    assert.equal(allowed(elsewhere, 'prod/client', 'prod/dns', 80, 'TCP', settings), true, 'a policy of another namespace selects nothing here');
  });

  it('parses addresses as Kubernetes does', () => {
    assert.equal(addressString(parseAddress('010.000.000.001')!), '10.0.0.1', 'leading zeros are decimal');
    assert.equal(addressString(parseAddress('::ffff:10.0.0.1')!), '10.0.0.1', 'IPv4-mapped IPv6 is IPv4');
    assert.equal(parseAddress('nope'), undefined);
    const block = new AddressBlock({ cidr: '10.0.0.0/8', except: ['10.1.0.0/16', 'garbage'] });
    assert.equal(block.contains(parseAddress('10.2.3.4')!), true);
    assert.equal(block.contains(parseAddress('10.1.3.4')!), false);
    assert.equal(block.contains(parseAddress('fd00::1')!), false);
    assert.equal(new AddressBlock({ cidr: 'not-a-cidr' }).contains(parseAddress('10.0.0.1')!), false);
    assert.equal(new AddressBlock({ cidr: '0.0.0.0/0' }).isEverything, true);
    assert.equal(new AddressBlock({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }).isEverything, false);
  });

  it('reads an ipBlock with leading zeros as the API server does (010.0.0.0/8 is 10.0.0.0/8, never octal 8.0.0.0/8)', () => {
    const policy = ingressToDns('  - from:\n    - ipBlock: {cidr: 010.0.0.0/8}\n');
    const settings = { ...DEFAULT_SETTINGS, kubernetesVersion: '1.35' as const };
    assert.equal(allowed(policy, 'default/client', 'default/dns', 80, 'TCP', settings), true, 'the client at 10.0.0.5 is in 10.0.0.0/8');
    assert.equal(allowed(policy, '8.1.2.3', 'default/dns', 80, 'TCP', settings, ['8.1.2.3']), false, '8.1.2.3 is not');
    const block = new AddressBlock({ cidr: '010.0.0.0/8', except: ['010.001.0.0/16'] });
    assert.equal(block.contains(parseAddress('10.2.3.4')!), true);
    assert.equal(block.contains(parseAddress('10.1.3.4')!), false, 'the except is 10.1.0.0/16');
    assert.equal(block.contains(parseAddress('8.2.3.4')!), false);
  });

  it("reads an IPv4-mapped ipBlock as the IPv4 network Go's IPNet.Contains makes of it", () => {
    const block = new AddressBlock({ cidr: '::ffff:10.0.0.0/104' });
    assert.equal(block.contains(parseAddress('10.9.9.9')!), true);
    assert.equal(block.contains(parseAddress('11.0.0.1')!), false);
  });
});
