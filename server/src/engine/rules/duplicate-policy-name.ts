import type { Rule } from './rule';

export const duplicatePolicyName: Rule = {
  meta: {
    code: 'NP902',
    name: 'duplicate-policy-name',
    description: 'Two NetworkPolicies with the same namespace and name: the one applied last replaces the other.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  check(context) {
    const key = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;
    for (const policy of context.policies) {
      const name = policy.name;
      if (name === undefined) continue;
      const own = key(policy.namespace, name);
      const sameKey = context.scope.filter((other) => other.name !== undefined && key(other.namespace, other.name) === own);
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
