import * as l10n from '../l10n/t';
import { schemaAt } from '../crd/schema';
import { CILIUM_POLICY_SCHEMA } from '../cilium/crdSchema';
import { suggestField } from '../validation/structure';
import { replaceScalar } from './support/apiValidation';
import { reportCiliumErrors } from './support/ciliumValidation';
import type { Rule } from './rule';

export const ciliumUnknownField: Rule = {
  meta: {
    code: 'CIL101',
    name: 'cilium-unknown-field',
    description: 'A key the Cilium policy CRD does not have (`toEndpoint`, `toFQDN`): kubectl apply rejects the object.',
    defaultSeverity: 'error',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    reportCiliumErrors(context, ['unknown'], (policy, error) => {
      const key = error.field[error.field.length - 1];
      const parent = schemaAt(CILIUM_POLICY_SCHEMA, error.field.slice(0, -1));
      if (typeof key !== 'string' || !parent?.properties) return [];
      const suggestion = suggestField(key, Object.keys(parent.properties));
      return suggestion ? [{ title: l10n.t('Did you mean `{0}`?', suggestion), isPreferred: true, edits: [replaceScalar(policy.file.text, error.span, suggestion)] }] : [];
    });
  },
};
