import * as l10n from '../l10n/t';
import { isScalar } from 'yaml';
import { POLICY_API_VERSION } from '../parse/manifests';
import type { Rule } from './rule';
import { replaceScalar } from './support/apiValidation';

/**
 * NP108: a Kubernetes NetworkPolicy under an apiVersion the API server does not serve it in. kubectl stops
 * before sending it (its REST mapper finds no such kind), in apimachinery's words (`NoKindMatchError`).
 */
/** apimachinery's `NoKindMatchError`, as kubectl prints it: kept in English in every language. */
export function noKindMatch(apiVersion: string): string {
  return `no matches for kind "NetworkPolicy" in version "${apiVersion}"`;
}

export const wrongApiVersion: Rule = {
  meta: {
    code: 'NP108',
    name: 'wrong-api-version',
    description: 'A NetworkPolicy under an apiVersion other than networking.k8s.io/v1 (extensions/v1beta1, removed in 1.16; apps/v1).',
    defaultSeverity: 'error',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      const node = policy.node(['apiVersion']);
      if (!isScalar(node) || typeof node.value !== 'string') continue;
      const apiVersion = node.value;
      if (apiVersion === '' || apiVersion === POLICY_API_VERSION) continue;
      const span = policy.valueSpan(['apiVersion']);
      if (!span) continue;
      context.report({
        policy,
        span,
        field: ['apiVersion'],
        message: apiVersion.startsWith('extensions/')
          ? l10n.t(
              '{0}: the API server serves NetworkPolicy only as {1}, so kubectl apply rejects this object (extensions/v1beta1 NetworkPolicy was removed in Kubernetes 1.16).',
              noKindMatch(apiVersion),
              POLICY_API_VERSION,
            )
          : l10n.t('{0}: the API server serves NetworkPolicy only as {1}, so kubectl apply rejects this object.', noKindMatch(apiVersion), POLICY_API_VERSION),
        fixes: [{ title: l10n.t('Change apiVersion to {0}', POLICY_API_VERSION), isPreferred: true, edits: [replaceScalar(policy.file.text, span, POLICY_API_VERSION)] }],
      });
    }
  },
};
