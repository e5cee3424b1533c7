import type { Node } from 'yaml';
import type { FieldPath } from '../parse/fieldPath';
import { nodeSpan } from '../parse/yamlFile';
import type { FixProposal, RuleContext } from '../rules/rule';
import type { CiliumPolicy, ForeignObject } from './model';
import { ciliumPoliciesOf } from './model';
import { acceptsFixes } from './semantics';

/** Reports a finding on a node of a Cilium or Calico object (its smallest node that explains it). */
export function reportOn(
  context: RuleContext,
  object: ForeignObject,
  node: Node | undefined,
  field: FieldPath,
  message: string,
  fixes: readonly (FixProposal | undefined)[] = [],
  atMost?: 'information' | 'hint',
): void {
  const span = nodeSpan(node) ?? nodeSpan(object.kindNode) ?? nodeSpan(object.node);
  if (!span) return;
  const offered = acceptsFixes(object) ? fixes.filter((f) => f !== undefined) : [];
  context.report({ span, message, field, fixes: offered, ...(atMost ? { atMost } : {}) });
}

/** The Cilium policies of the other files of the workspace, when the caller has one. */
export function workspaceCiliumPolicies(context: RuleContext): CiliumPolicy[] {
  const files = context.workspace?.files ?? [];
  return files.filter((f) => f.file !== context.file && f.file.text !== context.file.text).flatMap((f) => [...ciliumPoliciesOf(f.file)]);
}
