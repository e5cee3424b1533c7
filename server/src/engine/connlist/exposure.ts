import * as l10n from '../l10n/t';
import type { IPBlock, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { effectiveProtocol } from '../model/defaults';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { NAMESPACE_NAME_LABEL } from '../model/namespaceNameLabel';
import { formatSelector, isEmptySelector, requirements } from '../model/selector';
import { cidrHoldsAddress, parseCidr } from '../net/cidr';
import { formatFieldPath } from '../parse/fieldPath';
import type { PortSet } from '../reach/portSets';
import { isEmptyPortSet, rulePortSet } from '../reach/portSets';
import type { CompiledPolicy, CompiledRule } from '../reach/workspace';
import { addressRanges } from './addressRanges';
import type { ConnectionTable } from './connections';
import { mdCell, portsJson, portsText } from './render';

/**
 * What is open wide: rules that admit every namespace, pods of some label in every namespace, addresses
 * outside the cluster, or let pods connect to the internet. Read from the compiled rules of the one
 * workspace (the same the evaluator uses); `connlist --exposure` lists it per workload, the hover on a
 * policy's name per rule.
 */

export type ExposureKind = 'anyone' | 'every-namespace' | 'labelled-pods' | 'outside-cluster' | 'internet' | 'not-isolated';

/** One rule's peer that opens a policy's pods wide. */
export interface RuleExposure {
  readonly policy: CompiledPolicy;
  readonly rule: CompiledRule;
  readonly direction: 'ingress' | 'egress';
  readonly kind: ExposureKind;
  /** `every namespace`, `pods app=scraper in every namespace`, `addresses 0.0.0.0/0` */
  readonly peer: string;
}

/** Addresses that are not the internet: private, shared (CGNAT), loopback, link-local, unique-local. */
const NOT_INTERNET = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '::1/128', 'fc00::/7', 'fe80::/10'];

/** Does the block (its cidr minus its excepts) hold some internet address? */
export function holdsInternetAddress(block: IPBlock): boolean {
  const cidr = parseCidr(block.cidr);
  if (!cidr) return false;
  const excluded = [...(block.except ?? []), ...NOT_INTERNET].map(parseCidr).filter((c) => c !== undefined);
  return addressRanges([block.cidr, ...(block.except ?? []), ...NOT_INTERNET]).some((r) => {
    const address = { family: r.family, value: r.start };
    return cidrHoldsAddress(cidr, address) && !excluded.some((c) => cidrHoldsAddress(c, address));
  });
}

function blockText(block: IPBlock): string {
  return (block.except ?? []).length > 0 ? l10n.t('{0} except {1}', block.cidr, block.except!.join(', ')) : block.cidr;
}

/**
 * The namespaces a namespaceSelector leaves out when it selects every namespace but those: none for `{}`
 * or `kubernetes.io/metadata.name Exists` (the control plane sets that label on every namespace), the
 * names of `kubernetes.io/metadata.name NotIn (...)`. Undefined when what it selects depends on other
 * labels or names namespaces (In).
 */
export function namespacesLeftOut(selector: LabelSelector): string[] | undefined {
  const out = new Set<string>();
  for (const r of requirements(selector)) {
    if (r.key !== NAMESPACE_NAME_LABEL) return undefined;
    if (r.operator === 'NotIn') for (const name of r.values ?? []) out.add(name);
    else if (r.operator !== 'Exists') return undefined;
  }
  return [...out].sort();
}

/** `every namespace`, `every namespace but kube-system`, or undefined (see namespacesLeftOut). */
function everyNamespaceText(selector: LabelSelector): string | undefined {
  const leftOut = namespacesLeftOut(selector);
  if (!leftOut) return undefined;
  return leftOut.length === 0 ? l10n.t('every namespace') : l10n.t('every namespace but {0}', leftOut.join(', '));
}

/** The peers of a policy's rules that open its pods wide, in rule order; only for directions the policy isolates. */
export function ruleExposures(policy: CompiledPolicy): RuleExposure[] {
  const out: RuleExposure[] = [];
  if (policy.policyTypes.includes('Ingress')) {
    for (const rule of policy.ingress) {
      const add = (kind: ExposureKind, peer: string) => out.push({ policy, rule, direction: 'ingress', kind, peer });
      if (rule.allPeers) {
        add('anyone', l10n.t('every source, in the cluster and outside it'));
        continue;
      }
      for (const { peer } of rule.peers) {
        if (peer.ipBlock) add('outside-cluster', l10n.t('addresses {0}', blockText(peer.ipBlock)));
        else if (peer.namespaceSelector) {
          const every = everyNamespaceText(peer.namespaceSelector);
          if (!every) continue;
          if (isEmptySelector(peer.podSelector)) add('every-namespace', every);
          else add('labelled-pods', l10n.t('pods {0} in {1}', formatSelector(peer.podSelector!), every));
        }
      }
    }
  }
  if (policy.policyTypes.includes('Egress')) {
    for (const rule of policy.egress) {
      const add = (peer: string) => out.push({ policy, rule, direction: 'egress', kind: 'internet', peer });
      if (rule.allPeers) add(l10n.t('every destination, the internet included'));
      else for (const { peer } of rule.peers) if (peer.ipBlock && holdsInternetAddress(peer.ipBlock)) add(l10n.t('the internet ({0})', blockText(peer.ipBlock)));
    }
  }
  return out;
}

function entryText(entry: NetworkPolicyPort): string {
  const protocol = effectiveProtocol(entry);
  if (entry.port === undefined) return l10n.t('{0} (every port)', protocol);
  return `${protocol} ${entry.port}${entry.endPort !== undefined ? `-${entry.endPort}` : ''}`;
}

/** The rule's ports as written: `every port`, `TCP 8080, TCP http`. */
export function rulePortsText(rule: CompiledRule): string {
  return rule.ports.length === 0 ? l10n.t('every port') : rule.ports.map(entryText).join(', ');
}

/** `app=api`, or `every pod of namespace shop`. */
function selectedText(policy: CompiledPolicy): string {
  const selector = policy.view.object.spec?.podSelector;
  return isEmptySelector(selector) ? l10n.t('every pod of namespace {0}', policy.namespace) : formatSelector(selector!);
}

/** "exposes app=api on TCP 8080 to every namespace", "lets app=api connect to the internet (0.0.0.0/0) on TCP 443" */
export function ruleExposureMessage(e: RuleExposure): string {
  const ports = rulePortsText(e.rule);
  return e.direction === 'ingress' ? l10n.t('exposes {0} on {1} to {2}', selectedText(e.policy), ports, e.peer) : l10n.t('lets {0} connect to {1} on {2}', selectedText(e.policy), e.peer, ports);
}

/** `every port`, or the ports as connlist writes them. */
function portsPhrase(set: PortSet): string {
  const text = portsText(set);
  return text === 'all' ? l10n.t('every port') : text;
}

/**
 * For the hover on a policy's name: what its rules open wide, one line each ("exposes app=api on TCP 8080
 * to every namespace (spec.ingress[1])"); empty when nothing is.
 */
export function policyExposureMarkdown(policy: CompiledPolicy): string {
  const lines = ruleExposures(policy).map((e) => `- ${ruleExposureMessage(e)} (\`${formatFieldPath(e.rule.field)}\`)`);
  return lines.length === 0 ? '' : `\n\n${l10n.t('**Open wide:**')}\n\n${lines.join('\n')}`;
}

/** One workload's wide opening, with the policy and rule that make it (none for `not-isolated`). */
export interface ExposureFinding {
  readonly workload: string;
  readonly direction: 'ingress' | 'egress';
  readonly kind: ExposureKind;
  readonly peer: string;
  /** The ports of the workload it opens (named ports resolved against its containers for ingress). */
  readonly ports: PortSet;
  readonly policy?: string;
  readonly rule?: string;
  readonly file?: string;
  readonly message: string;
}

/** Per workload of the workspace (the cluster DNS stand-ins left out), what is open wide and why. */
export function exposureOf(table: ConnectionTable): ExposureFinding[] {
  const { ws } = table;
  const outside = ws.endpoints[table.rangeEndpoints[0]!]!;
  const out: ExposureFinding[] = [];
  for (const w of table.workloads) {
    if (w.file === undefined) continue;
    const endpoint = ws.endpoints[w.endpoint]!;
    for (const direction of ['ingress', 'egress'] as const) {
      const policies = ws.policiesFor(endpoint.id, direction === 'ingress' ? 'Ingress' : 'Egress');
      if (policies.length === 0) {
        const message =
          direction === 'ingress'
            ? l10n.t('{0} accepts connections from everywhere: no NetworkPolicy selects it for Ingress', w.name)
            : l10n.t('{0} may connect anywhere, the internet included: no NetworkPolicy selects it for Egress', w.name);
        out.push({ workload: w.name, direction, kind: 'not-isolated', peer: l10n.t('everywhere'), ports: { all: true, protocols: new Map() }, message });
        continue;
      }
      for (const policy of policies) {
        for (const e of ruleExposures(policy)) {
          if (e.direction !== direction) continue;
          const ports = rulePortSet(e.rule, direction === 'ingress' ? endpoint : outside);
          if (isEmptyPortSet(ports)) continue;
          const rule = formatFieldPath(e.rule.field);
          const message =
            direction === 'ingress'
              ? l10n.t('{0} accepts {1} from {2}: {3} {4}', w.name, portsPhrase(ports), e.peer, policy.key, rule)
              : l10n.t('{0} may connect to {1} on {2}: {3} {4}', w.name, e.peer, portsPhrase(ports), policy.key, rule);
          out.push({ workload: w.name, direction, kind: e.kind, peer: e.peer, ports, policy: policy.key, rule, file: policy.uri, message });
        }
      }
    }
  }
  return out;
}

export function exposureText(findings: readonly ExposureFinding[]): string {
  if (findings.length === 0) return `${l10n.t('nothing is open wide')}\n`;
  return findings.map((f) => `${f.message}\n`).join('');
}

export function exposureJson(findings: readonly ExposureFinding[]): string {
  const exposures = findings.map(({ ports, message: _message, ...rest }) => ({ ...rest, ports: portsJson(ports) }));
  return `${JSON.stringify({ version: 1, exposures }, null, 2)}\n`;
}

export function exposureMarkdown(findings: readonly ExposureFinding[]): string {
  if (findings.length === 0) return `${l10n.t('Nothing is open wide.')}\n`;
  const rows = findings.map((f) => `| ${mdCell(f.workload)} | ${f.direction} | ${mdCell(f.peer)} | ${mdCell(portsText(f.ports))} | ${mdCell(f.policy === undefined ? l10n.t('no policy isolates it') : `${f.policy} ${f.rule}`)} |`);
  return [l10n.t('| Workload | Direction | Peer | Ports | Because of |'), '| --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
}
