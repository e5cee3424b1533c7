import * as l10n from '../l10n/t';
import { NETWORK_POLICY_API_GROUP } from '../parse/clusterPolicies';
import { templatedRegionsWhere } from '../parse/templates';
import type { Rule } from './rule';

const KIND = /["']?\bkind["']?[ \t]*:[ \t]*["']?(ClusterNetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy)(?:List)?\b/;
const API_VERSION = /["']?\bapiVersion["']?[ \t]*:[ \t]*["']?([^\s"',}]*)/;

/** Does a template's text read as one of network-policy-api's kinds (decided on the text: a template seldom parses)? */
function looksLikeClusterPolicy(source: string): boolean {
  const kind = KIND.exec(source)?.[1];
  if (!kind) return false;
  const apiVersion = API_VERSION.exec(source)?.[1] ?? '';
  if (apiVersion.includes('{{')) return true;
  return apiVersion.startsWith(`${NETWORK_POLICY_API_GROUP}/`);
}

/**
 * CNP003: a ClusterNetworkPolicy (or AdminNetworkPolicy) template, `{{ ... }}` as in Helm charts or
 * network-policy-api's own conformance manifests, is left unchecked, and says so: what the API server
 * gets is decided when it is rendered.
 */
export const cnpTemplateSkipped: Rule = {
  meta: {
    code: 'CNP003',
    name: 'cnp-template-skipped',
    description: 'A ClusterNetworkPolicy template ({{ ... }}) is left alone: check the rendered manifests.',
    defaultSeverity: 'hint',
    fixable: false,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    for (const region of templatedRegionsWhere(context.file.text, looksLikeClusterPolicy)) {
      context.report({
        span: region.action,
        message: l10n.t(
          'This ClusterNetworkPolicy is a template ({{ ... }}), so it is not checked: what the API server gets is decided when it is rendered. Check the rendered manifests, e.g. `helm template . | netpol-lens check -`.',
        ),
      });
    }
  },
};
