/**
 * What the CNP2xx pitfall rules share: each ClusterNetworkPolicy of the file read into the model that
 * reachability uses (cnp/model.ts), with the YAML nodes of its parts for ranges and edits.
 */
import { isMap, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { columnOf, detectIndentStyle } from '../../fixes/indentStyle';
import { renderBlock } from '../../fixes/yamlEdits';
import type { OffsetEdit } from '../../text/positions';
import { DEFAULT_LIMITS } from '../../config/limits';
import { decodeClusterNetworkPolicy } from '../../cnp/model';
import type { ClusterNetworkPolicyModel } from '../../cnp/model';
import type { CompiledClusterPolicy } from '../../cnp/compile';
import { AliasBudgetExceeded, Decoder } from '../../model/decode';
import type { ClusterPolicySource } from '../../parse/clusterPolicies';
import { findPair, nodeSpan, resolveNode } from '../../parse/yamlFile';
import type { RuleContext } from '../rule';
import { acceptsEdits, clusterPoliciesOf } from './clusterPolicies';

export interface FileClusterPolicy {
  readonly source: ClusterPolicySource;
  readonly model: ClusterNetworkPolicyModel;
  /** Whether edits may be offered on it (no parse errors, no aliases to nothing, not JSON). */
  readonly editable: boolean;
}

/** The file's ClusterNetworkPolicies (outside templates) that can be read; unreadable ones are CNP1xx's business. */
export function fileClusterPolicies(context: RuleContext): FileClusterPolicy[] {
  const out: FileClusterPolicy[] = [];
  for (const source of clusterPoliciesOf(context, ['cluster-network-policy'])) {
    try {
      const model = decodeClusterNetworkPolicy(new Decoder(source.document, DEFAULT_LIMITS.aliasBudget), source.node);
      if (model) out.push({ source, model, editable: acceptsEdits(source) });
    } catch (error) {
      if (!(error instanceof AliasBudgetExceeded)) throw error;
    }
  }
  return out;
}

/**
 * The workspace's ClusterNetworkPolicies of the other files: the workspace holds this file too (as the text
 * analysed, analyze.ts `workspaceFor`), and its policies are `fileClusterPolicies`, with their YAML nodes
 * for ranges and edits, so they are left out here to be counted once.
 */
export function clusterPoliciesElsewhere(context: RuleContext): CompiledClusterPolicy[] {
  const workspace = context.workspace;
  if (!workspace) return [];
  const thisUri = workspace.files.find((f) => f.file === context.file)?.uri;
  return workspace.clusterPolicies.filter((p) => thisUri === undefined || p.uri !== thisUri);
}

/** The node at a path under the object (`['spec', 'egress', 0, 'to', 1]`), following aliases; undefined when absent. */
export function nodeAt(source: ClusterPolicySource, path: readonly (string | number)[]): unknown {
  let node: unknown = source.node;
  for (const key of path) {
    const resolved = resolveNode(source.document, node);
    if (typeof key === 'number') {
      if (!isSeq(resolved)) return undefined;
      node = resolved.items[key];
    } else {
      if (!isMap(resolved)) return undefined;
      node = findPair(resolved, key)?.value;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

/** The key node of the last step of a path (`['spec', 'priority']` -> the `priority` key). */
export function keyAt(source: ClusterPolicySource, path: readonly (string | number)[]): unknown {
  const parent = resolveNode(source.document, nodeAt(source, path.slice(0, -1)));
  const last = path[path.length - 1];
  return isMap(parent) && typeof last === 'string' ? findPair(parent, last)?.key : undefined;
}

/** Offsets of a node, or of the object when it has none. */
export function spanOf(source: ClusterPolicySource, node: unknown): readonly [number, number] {
  return nodeSpan(node as never) ?? nodeSpan(source.node) ?? [source.document.range[0], source.document.range[0]];
}

/** `spec.egress[1]` */
export function ruleField(direction: 'Ingress' | 'Egress', index: number): string {
  return `spec.${direction === 'Ingress' ? 'ingress' : 'egress'}[${index}]`;
}

/**
 * An edit that inserts a rule just above rule `index` of a block-style rule list, at the column of its
 * dashes; undefined for a flow-style list (or a rule that cannot be found).
 */
export function insertRuleBefore(context: RuleContext, source: ClusterPolicySource, direction: 'ingress' | 'egress', index: number, rule: unknown): OffsetEdit | undefined {
  const seq = resolveNode(source.document, nodeAt(source, ['spec', direction]));
  if (!isSeq(seq) || seq.flow) return undefined;
  const item = seq.items[index] as Node | undefined;
  const column = columnOf(context.file, seq);
  if (!item?.range || column === undefined) return undefined;
  const lineStart = item.range[0] - context.file.lines.positionAt(item.range[0]).character;
  const text = renderBlock([rule], detectIndentStyle(context.file, source.document), column, context.file.lines.eol) + context.file.lines.eol;
  return { start: lineStart, end: lineStart, newText: text };
}
