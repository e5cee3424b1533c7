import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSettings } from '../../server/src/engine';

const dnsOf = (raw: unknown) => normalizeSettings(raw).settings.dns;

describe('netpolLens.dns.profile', () => {
  it('defaults to upstream kube-dns', () => {
    assert.deepEqual(dnsOf({}), {
      profile: 'kube-dns',
      namespace: 'kube-system',
      podLabels: { 'k8s-app': 'kube-dns' },
      port: 53,
      portNames: { UDP: ['dns'], TCP: ['dns-tcp'] },
    });
  });
  it('openshift: dns-default pods in openshift-dns on 5353', () => {
    const dns = dnsOf({ dns: { profile: 'openshift' } });
    assert.equal(dns.namespace, 'openshift-dns');
    assert.deepEqual(dns.podLabels, { 'dns.operator.openshift.io/daemonset-dns': 'default' });
    assert.equal(dns.port, 5353);
  });
  it('nodelocal: the link-local cache address on 53', () => {
    const dns = dnsOf({ dns: { profile: 'nodelocal' } });
    assert.equal(dns.address, '169.254.20.10');
    assert.equal(dns.port, 53);
  });
  it('a named profile ignores the custom fields VS Code always sends with their defaults', () => {
    const dns = dnsOf({ dns: { profile: 'openshift', namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, port: 53 } });
    assert.equal(dns.namespace, 'openshift-dns');
    assert.equal(dns.port, 5353);
  });
  it('custom takes namespace, labels and port', () => {
    const dns = dnsOf({ dns: { profile: 'custom', namespace: 'dns', podLabels: { app: 'coredns' }, port: 1053 } });
    assert.deepEqual(dns, { profile: 'custom', namespace: 'dns', podLabels: { app: 'coredns' }, port: 1053, portNames: { UDP: [], TCP: [] } });
  });
  it('no profile but custom fields: custom, as before profiles existed', () => {
    assert.equal(dnsOf({ dns: { namespace: 'dns' } }).profile, 'custom');
  });
  it('names an unknown profile as a problem and keeps the default', () => {
    const { settings, problems } = normalizeSettings({ dns: { profile: 'coredns' } });
    assert.equal(settings.dns.profile, 'kube-dns');
    assert.deepEqual(problems, ['netpolLens.dns.profile: expected one of kube-dns, openshift, nodelocal, custom']);
  });
});

describe('netpolLens.cluster.podCidrs', () => {
  it('takes a list of CIDRs', () => {
    assert.deepEqual(normalizeSettings({ cluster: { podCidrs: ['10.244.0.0/16', 'fd00:10:244::/56'] } }).settings.podCidrs, ['10.244.0.0/16', 'fd00:10:244::/56']);
  });
  it('rejects anything else with a problem', () => {
    const { settings, problems } = normalizeSettings({ cluster: { podCidrs: ['10.244.0.0/33'] } });
    assert.deepEqual(settings.podCidrs, []);
    assert.equal(problems.length, 1);
  });
});
