import { isScalar } from 'yaml';
import { POLICY_API_VERSION } from '../parse/manifests';
import type { Rule } from './rule';
import { replaceScalar } from './support/apiValidation';

/**
 * NP108: a Kubernetes NetworkPolicy under an apiVersion the API server does not serve it in. kubectl stops
 * before sending it (its REST mapper finds no such kind), in apimachinery's words (`NoKindMatchError`).
 */
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
        message:
          `no matches for kind "NetworkPolicy" in version "${apiVersion}": the API server serves NetworkPolicy only as ` +
          `${POLICY_API_VERSION}, so kubectl apply rejects this object${apiVersion.startsWith('extensions/') ? ' (extensions/v1beta1 NetworkPolicy was removed in Kubernetes 1.16)' : ''}.`,
        fixes: [{ title: `Change apiVersion to ${POLICY_API_VERSION}`, isPreferred: true, edits: [replaceScalar(policy.file.text, span, POLICY_API_VERSION)] }],
      });
    }
  },
};
