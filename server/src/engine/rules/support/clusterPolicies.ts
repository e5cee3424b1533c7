/**
 * What the CNPxxx rules share: the file's cluster-wide policy objects they may judge, and the CRD
 * validation of each ClusterNetworkPolicy (done once per object and channel, whichever rules ask).
 */
import * as l10n from '../../l10n/t';
import { crdErrorMessage } from '../../l10n/apiText';
import type { ClusterNetworkPolicyChannel } from '../../config/settings';
import { CLUSTER_NETWORK_POLICY_EXPERIMENTAL } from '../../crd/generated/clusterNetworkPolicy.experimental';
import { CLUSTER_NETWORK_POLICY_STANDARD } from '../../crd/generated/clusterNetworkPolicy.standard';
import type { VendoredCrd } from '../../crd/schema';
import type { CrdError } from '../../crd/validate';
import { validateCustomResource } from '../../crd/validate';
import { findClusterPolicies } from '../../parse/clusterPolicies';
import type { ClusterPolicyApi, ClusterPolicySource } from '../../parse/clusterPolicies';
import { findPair, nodeSpan } from '../../parse/yamlFile';
import { hasUnresolvedAlias } from '../../parse/aliases';
import { isJsonDocument } from '../../parse/yamlFile';
import type { FixProposal, RuleContext } from '../rule';
import { effectivePairs, jsonKindOf, stringOf } from '../../validation/yamlValues';
import { asMapNode } from '../../validation/yamlValues';
import { nameIsDNSSubdomain } from '../../validation/dns';
import { goQuote } from '../../validation/fieldErrors';

export function clusterNetworkPolicyCrd(channel: ClusterNetworkPolicyChannel): VendoredCrd {
  return channel === 'experimental' ? CLUSTER_NETWORK_POLICY_EXPERIMENTAL : CLUSTER_NETWORK_POLICY_STANDARD;
}

/**
 * The file's objects of these APIs that rules judge: not inside a template (`{{ }}`: Helm fills it in
 * before the API server sees it), not in a document with an alias to no anchor.
 */
export function clusterPoliciesOf(context: RuleContext, apis: readonly ClusterPolicyApi[]): ClusterPolicySource[] {
  return findClusterPolicies(context.file).filter((source) => {
    if (!apis.includes(source.api)) return false;
    const [start, , end] = source.document.range;
    return !context.file.text.slice(start, end).includes('{{');
  });
}

/** Edits are offered only where they are sure to land right (as analyze.ts's acceptsFixes for NetworkPolicies). */
export function acceptsEdits(source: ClusterPolicySource): boolean {
  const document = source.document;
  return document.errors.length === 0 && !hasUnresolvedAlias(document) && !isJsonDocument(document);
}

/** Where findings about missing top-level fields go: the `kind` value, else the object. */
export function objectAnchor(source: ClusterPolicySource): readonly [number, number] {
  const kind = findPair(source.node, 'kind');
  return nodeSpan(kind?.value as never) ?? nodeSpan(source.node) ?? [source.document.range[0], source.document.range[0]];
}

// Across analyses, safely: a parsed object never changes (an edit makes new nodes); errors hold offsets of
// the same nodes, which the incremental analysis never shifts for these files (it analyses them whole).
const validations = new WeakMap<object, Map<string, readonly CrdError[]>>();

/**
 * The errors the API server reports for a ClusterNetworkPolicy under the channel's CRD: the schema and CEL
 * rules (crd/validate.ts), and `metadata.name` required (ObjectMeta validation, which the CRD's schema
 * leaves to the API server: `name or generateName is required`).
 */
export function clusterNetworkPolicyErrors(source: ClusterPolicySource, channel: ClusterNetworkPolicyChannel, budget: number): readonly CrdError[] {
  let byChannel = validations.get(source.node);
  if (!byChannel) validations.set(source.node, (byChannel = new Map<string, readonly CrdError[]>()));
  const key = `${channel} ${budget}`;
  const known = byChannel.get(key);
  if (known) return known;
  const crd = clusterNetworkPolicyCrd(channel);
  const anchor = objectAnchor(source);
  // An alias fan-out stops the walk at the alias budget: the errors found up to there are reported.
  const errors = validateCustomResource(source.document, source.node, crd.schema, anchor, { skip: ['metadata'], budget });
  const metadata = asMapNode(source.document, findPair(source.node, 'metadata')?.value);
  const named = metadata && effectivePairs(source.document, metadata).some(({ key, pair }) => (key === 'name' || key === 'generateName') && jsonKindOf(source.document, pair.value) === 'string' && stringOf(source.document, pair.value) !== '');
  if (!named) {
    const at = nodeSpan(findPair(source.node, 'metadata')?.key as never) ?? anchor;
    errors.unshift({ kind: 'required', field: ['metadata', 'name'], message: 'Required value: name or generateName is required', span: at, schema: crd.schema });
  }
  // The name of a custom resource: a DNS subdomain (apiextensions-apiserver's strategy validates ObjectMeta with NameIsDNSSubdomain).
  const namePair = metadata ? findPair(metadata, 'name') : undefined;
  const name = namePair ? stringOf(source.document, namePair.value) : undefined;
  const nameSpan = nodeSpan(namePair?.value as never);
  if (name && nameSpan) {
    for (const message of nameIsDNSSubdomain(name, false).reverse()) {
      errors.unshift({ kind: 'pattern', field: ['metadata', 'name'], message: `Invalid value: ${goQuote(name)}: ${message}`, span: nameSpan, schema: crd.schema });
    }
  }
  byChannel.set(key, errors);
  return errors;
}

/** A fix for one CRD error, where one edit is right. */
export type CrdErrorFix = (source: ClusterPolicySource, error: CrdError, context: RuleContext) => FixProposal[];

/**
 * Reports the CRD errors of every ClusterNetworkPolicy of the file that `select` picks, under the channel
 * of the settings. `note` adds a sentence after the API server's message where one helps.
 */
export function reportClusterNetworkPolicyErrors(
  context: RuleContext,
  select: (error: CrdError) => boolean,
  options: { readonly note?: (error: CrdError, context: RuleContext) => string | undefined; readonly fixes?: CrdErrorFix } = {},
): void {
  const channel = context.settings.clusterNetworkPolicy.channel;
  for (const source of clusterPoliciesOf(context, ['cluster-network-policy'])) {
    for (const error of clusterNetworkPolicyErrors(source, channel, context.settings.limits.aliasBudget)) {
      if (!select(error)) continue;
      const note = options.note?.(error, context);
      const fixes = options.fixes && acceptsEdits(source) ? options.fixes(source, error, context) : [];
      context.report({ span: error.span, field: error.field, message: note ? l10n.t('{0} {1}', crdErrorMessage(error.message), note) : crdErrorMessage(error.message), ...(fixes.length > 0 ? { fixes } : {}) });
    }
  }
}

/** Which CEL rule of the ClusterNetworkPolicy CRD an error is of, by the rule's text. */
export function celRuleOf(error: CrdError): 'port-range' | 'cidr' | 'named-port' | 'other' | undefined {
  if (error.kind !== 'cel' || !error.rule) return undefined;
  const rule = error.rule.rule;
  if (rule.includes('self.start < self.end')) return 'port-range';
  if (rule.includes('isCIDR(self)')) return 'cidr';
  if (rule.includes('destinationNamedPort')) return 'named-port';
  return 'other';
}
