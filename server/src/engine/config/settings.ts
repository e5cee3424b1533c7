import * as l10n from '../l10n/t';
import type { DnsProfile, DnsProtocol, DnsTarget } from '../model/dns';
import { DNS_PROFILES, dnsTargetForProfile, KUBE_DNS } from '../model/dns';
import { parseCidr } from '../net/cidr';
import type { KubernetesVersion } from '../validation/kubernetesVersion';
import { DEFAULT_KUBERNETES_VERSION, parseKubernetesVersion, SUPPORTED_KUBERNETES_VERSIONS } from '../validation/kubernetesVersion';
import { DEFAULT_LIMITS, normalizeLimits } from './limits';
import type { Limits } from './limits';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type RuleSetting = Severity | 'off';

/** The `netpolLens.*` settings, as the engine uses them (after `normalizeSettings`). */
export interface Settings {
  readonly enable: boolean;
  /** Severity or `off` per rule, keyed by code (`NP201`) or name (`dns-egress-missing`). */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly dns: DnsTarget;
  /** Namespace of manifests without `metadata.namespace` (what `kubectl apply` would use). */
  readonly defaultNamespace: string;
  /** Whether ipBlock peers match pod addresses too: up to the network plugin; most (and the e2e suite) say yes. */
  readonly ipBlockAppliesToPods: boolean;
  /** The Kubernetes minor whose API server validation is mirrored (NP1xx rules). */
  readonly kubernetesVersion: KubernetesVersion;
  /** The cluster's pod CIDRs (`netpolLens.cluster.podCidrs`), for checks on ipBlocks that name pod IPs. */
  readonly podCidrs: readonly string[];
  /** Bounds on one analysis's work (config/limits.ts). */
  readonly limits: Limits;
  /** Which network-policy-api CRD channel the cluster runs (`netpolLens.clusterNetworkPolicy.channel`), for CNP1xx. */
  readonly clusterNetworkPolicy: { readonly channel: ClusterNetworkPolicyChannel };
}

/** The release channels of kubernetes-sigs/network-policy-api's CRDs: experimental adds fields and rules. */
export type ClusterNetworkPolicyChannel = 'standard' | 'experimental';
export const CLUSTER_NETWORK_POLICY_CHANNELS: readonly ClusterNetworkPolicyChannel[] = ['standard', 'experimental'];

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  rules: {},
  dns: KUBE_DNS,
  defaultNamespace: 'default',
  ipBlockAppliesToPods: true,
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  podCidrs: [],
  limits: DEFAULT_LIMITS,
  clusterNetworkPolicy: { channel: 'standard' },
};

const RULE_SETTINGS = new Set<string>(['error', 'warning', 'information', 'hint', 'off']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns whatever the editor or a settings file holds into valid settings. Wrong types fall back to the
 * defaults field by field; each one is named in `problems`, so the user can be told what was ignored.
 */
export function normalizeSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings: DEFAULT_SETTINGS, problems };
  if (!isRecord(raw)) return { settings: DEFAULT_SETTINGS, problems: ['netpolLens: expected an object; using the defaults'] };

  let enable = DEFAULT_SETTINGS.enable;
  if (raw.enable !== undefined) {
    if (typeof raw.enable === 'boolean') enable = raw.enable;
    else problems.push(l10n.t('netpolLens.enable: expected true or false'));
  }

  const rules: Record<string, RuleSetting> = {};
  if (raw.rules !== undefined) {
    if (!isRecord(raw.rules)) problems.push(l10n.t('netpolLens.rules: expected an object of rule codes to severities'));
    else
      for (const [rule, value] of Object.entries(raw.rules)) {
        if (typeof value === 'string' && RULE_SETTINGS.has(value)) rules[rule] = value as RuleSetting;
        else problems.push(l10n.t('netpolLens.rules.{0}: expected one of error, warning, information, hint, off', rule));
      }
  }

  const dns = raw.dns === undefined ? DEFAULT_SETTINGS.dns : normalizeDns(raw.dns, problems);

  let podCidrs = DEFAULT_SETTINGS.podCidrs;
  const cluster = raw.cluster;
  if (cluster !== undefined) {
    const cidrs = isRecord(cluster) ? cluster.podCidrs : undefined;
    if (!isRecord(cluster)) problems.push(l10n.t('netpolLens.cluster: expected an object'));
    else if (cidrs !== undefined) {
      if (Array.isArray(cidrs) && cidrs.every((c) => typeof c === 'string' && parseCidr(c))) podCidrs = cidrs as string[];
      else problems.push(l10n.t('netpolLens.cluster.podCidrs: expected a list of CIDRs such as "10.244.0.0/16"'));
    }
  }
  let defaultNamespace = DEFAULT_SETTINGS.defaultNamespace;
  if (raw.defaultNamespace !== undefined) {
    if (typeof raw.defaultNamespace === 'string' && raw.defaultNamespace !== '') defaultNamespace = raw.defaultNamespace;
    else problems.push(l10n.t('netpolLens.defaultNamespace: expected a namespace name'));
  }
  let ipBlockAppliesToPods = DEFAULT_SETTINGS.ipBlockAppliesToPods;
  if (raw.ipBlockAppliesToPods !== undefined) {
    if (typeof raw.ipBlockAppliesToPods === 'boolean') ipBlockAppliesToPods = raw.ipBlockAppliesToPods;
    else problems.push(l10n.t('netpolLens.ipBlockAppliesToPods: expected true or false'));
  }
  let kubernetesVersion = DEFAULT_SETTINGS.kubernetesVersion;
  if (raw.kubernetesVersion !== undefined) {
    const parsed = parseKubernetesVersion(raw.kubernetesVersion);
    if (parsed) kubernetesVersion = parsed;
    else problems.push(l10n.t('netpolLens.kubernetesVersion: expected one of {0}', SUPPORTED_KUBERNETES_VERSIONS.join(', ')));
  }
  const limits = normalizeLimits(raw.limits, problems);
  const clusterNetworkPolicy = normalizeClusterNetworkPolicy(raw.clusterNetworkPolicy, problems);
  return { settings: { enable, rules, dns, defaultNamespace, ipBlockAppliesToPods, kubernetesVersion, podCidrs, limits, clusterNetworkPolicy }, problems };
}

function normalizeClusterNetworkPolicy(raw: unknown, problems: string[]): Settings['clusterNetworkPolicy'] {
  if (raw === undefined) return DEFAULT_SETTINGS.clusterNetworkPolicy;
  if (!isRecord(raw)) {
    problems.push(l10n.t('netpolLens.clusterNetworkPolicy: expected an object'));
    return DEFAULT_SETTINGS.clusterNetworkPolicy;
  }
  const channel = raw.channel;
  if (channel === undefined) return DEFAULT_SETTINGS.clusterNetworkPolicy;
  if (typeof channel === 'string' && (CLUSTER_NETWORK_POLICY_CHANNELS as readonly string[]).includes(channel)) return { channel: channel as ClusterNetworkPolicyChannel };
  problems.push(l10n.t('netpolLens.clusterNetworkPolicy.channel: expected one of {0}', CLUSTER_NETWORK_POLICY_CHANNELS.join(', ')));
  return DEFAULT_SETTINGS.clusterNetworkPolicy;
}

/**
 * `netpolLens.dns`: a profile names a known cluster DNS; `custom` (or no profile with any of
 * namespace, podLabels, port set, as before profiles existed) takes those three fields.
 */
function normalizeDns(raw: unknown, problems: string[]): DnsTarget {
  if (!isRecord(raw)) {
    problems.push(l10n.t('netpolLens.dns: expected an object'));
    return DEFAULT_SETTINGS.dns;
  }
  const { profile, namespace, podLabels, port } = raw;
  let chosen: DnsProfile | undefined;
  if (profile !== undefined) {
    if (typeof profile === 'string' && (DNS_PROFILES as readonly string[]).includes(profile)) chosen = profile as DnsProfile;
    else problems.push(l10n.t('netpolLens.dns.profile: expected one of {0}', DNS_PROFILES.join(', ')));
  }
  const hasCustomFields = namespace !== undefined || podLabels !== undefined || port !== undefined;
  if (chosen === undefined) chosen = hasCustomFields ? 'custom' : 'kube-dns';
  if (chosen !== 'custom') return dnsTargetForProfile(chosen);

  const base = KUBE_DNS;
  let ns = base.namespace;
  let labels = base.podLabels;
  let dnsPort = base.port;
  if (namespace !== undefined) {
    if (typeof namespace === 'string' && namespace !== '') ns = namespace;
    else problems.push(l10n.t('netpolLens.dns.namespace: expected a namespace name'));
  }
  if (podLabels !== undefined) {
    if (isRecord(podLabels) && Object.values(podLabels).every((v) => typeof v === 'string') && Object.keys(podLabels).length > 0)
      labels = podLabels as Record<string, string>;
    else problems.push(l10n.t('netpolLens.dns.podLabels: expected a non-empty object of label keys to string values'));
  }
  if (port !== undefined) {
    if (typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535) dnsPort = port;
    else problems.push(l10n.t('netpolLens.dns.port: expected a port number from 1 to 65535'));
  }
  const portNames: Record<DnsProtocol, readonly string[]> = dnsPort === base.port ? { ...base.portNames } : { UDP: [], TCP: [] };
  return { profile: 'custom', namespace: ns, podLabels: labels, port: dnsPort, portNames };
}
