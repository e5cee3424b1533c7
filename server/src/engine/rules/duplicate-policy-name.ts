import type { PolicyView } from '../model/policyView';
import type { Rule } from './rule';

export const duplicatePolicyName: Rule = {
  meta: {
    code: 'NP902',
    name: 'duplicate-policy-name',
    description: 'Two NetworkPolicies with the same namespace and name: the one applied last replaces the other.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'namespace',
  check(context) {
    const key = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;
    // Grouped once rather than searched per policy: a file of thousands of policies stays linear.
    const byKey = new Map<string, PolicyView[]>();
    for (const other of context.scope) {
      if (other.name === undefined) continue;
      const k = key(other.namespace, other.name);
      const list = byKey.get(k);
      if (list) list.push(other);
      else byKey.set(k, [other]);
    }
    for (const policy of context.policies) {
      const name = policy.name;
      if (name === undefined) continue;
      const sameKey = byKey.get(key(policy.namespace, name)) ?? [];
      // In this file, report the later copies; copies in other files are reported in every file that has one.
      const earlierHere = sameKey.find((other) => other.file === policy.file && other.source.node.range![0] < policy.source.node.range![0]);
      const elsewhere = sameKey.some((other) => other.file !== policy.file);
      if (!earlierHere && !elsewhere) continue;
      const span = policy.valueSpan(['metadata', 'name']);
      if (!span) continue;
      const where = earlierHere ? 'earlier in this file' : 'in another file of the workspace';
      const ns = policy.namespace ? `namespace ${policy.namespace}` : 'the same (unnamed) namespace';
      context.report({
        policy,
        span,
        field: ['metadata', 'name'],
        message:
          `Another NetworkPolicy named ${name} in ${ns} appears ${where}: applying both keeps only the one applied last, ` +
          `and its rules silently replace the other's. Rename one, or merge their rules.`,
      });
    }
  },
};
