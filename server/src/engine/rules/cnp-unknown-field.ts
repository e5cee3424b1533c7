import * as l10n from '../l10n/t';
import { CLUSTER_NETWORK_POLICY_EXPERIMENTAL } from '../crd/generated/clusterNetworkPolicy.experimental';
import { schemaAt } from '../crd/schema';
import { suggestField } from '../validation/structure';
import type { Rule } from './rule';
import { replaceScalar } from './support/apiValidation';
import { reportClusterNetworkPolicyErrors } from './support/clusterPolicies';

/**
 * CNP101: a key the ClusterNetworkPolicy CRD's schema does not have. `kubectl apply` (strict field
 * validation) rejects the object: `unknown field "spec.foo"`.
 */
export const cnpUnknownField: Rule = {
  meta: {
    code: 'CNP101',
    name: 'cnp-unknown-field',
    description: 'A ClusterNetworkPolicy key its CRD does not have (or only the experimental channel has): kubectl apply rejects the object.',
    defaultSeverity: 'error',
    fixable: true,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    reportClusterNetworkPolicyErrors(context, (error) => error.kind === 'unknown', {
      note: (error, ctx) =>
        ctx.settings.clusterNetworkPolicy.channel === 'standard' && schemaAt(CLUSTER_NETWORK_POLICY_EXPERIMENTAL.schema, error.field)
          ? l10n.t('(a field of the experimental channel\'s CRD only: set netpolLens.clusterNetworkPolicy.channel to "experimental" if the cluster runs it)')
          : undefined,
      fixes: (_source, error, ctx) => {
        const key = error.field[error.field.length - 1];
        if (typeof key !== 'string') return [];
        const suggestion = suggestField(key, Object.keys(error.schema.properties ?? {}));
        if (!suggestion) return [];
        return [{ title: l10n.t('Did you mean `{0}`?', suggestion), isPreferred: true, edits: [replaceScalar(ctx.file.text, error.span, suggestion)] }];
      },
    });
  },
};
