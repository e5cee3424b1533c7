import * as l10n from '../l10n/t';
import { foreignObjectsOf } from '../cilium/model';
import { reportOn } from '../cilium/report';
import type { Rule } from './rule';

/** Kinds that `projectcalico.org/v3` serves under the same name (Calico API reference, "Resource definitions"). */
const V3_KINDS = new Set([
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'NetworkSet',
  'GlobalNetworkSet',
  'HostEndpoint',
  'Tier',
  'StagedNetworkPolicy',
  'StagedGlobalNetworkPolicy',
  'StagedKubernetesNetworkPolicy',
  'IPPool',
  'BGPPeer',
  'BGPConfiguration',
  'FelixConfiguration',
  'Profile',
]);

/**
 * Hand-written objects of `crd.projectcalico.org/v1`, Calico's internal storage API: Calico's docs tell
 * users not to write them, since they skip the Calico API server's validation and defaulting
 * (docs.tigera.io, "Install calicoctl"/"Calico API server": "crd.projectcalico.org ... not intended to be
 * used directly").
 */
export const calicoInternalApi: Rule = {
  meta: {
    code: 'CAL201',
    name: 'calico-internal-api',
    description: 'A hand-written `crd.projectcalico.org/v1` object: Calico\'s internal API, which skips its validation and defaulting.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const object of foreignObjectsOf(context.file).calico) {
      if (!object.internalApi) continue;
      const range = object.apiVersionNode?.range;
      const quoted = range ? /^["']/.test(context.file.text.slice(range[0], range[0] + 1)) : false;
      const fix =
        range && V3_KINDS.has(object.kind)
          ? {
              title: l10n.t('Use projectcalico.org/v3 (the Calico API server)'),
              isPreferred: true,
              edits: [{ start: quoted ? range[0] + 1 : range[0], end: quoted ? range[1] - 1 : range[1], newText: 'projectcalico.org/v3' }],
            }
          : undefined;
      reportOn(
        context,
        object,
        object.apiVersionNode,
        ['apiVersion'],
        l10n.t("{0} is Calico's internal storage API, not for hand-written objects: it skips the Calico API server's validation and defaulting; write {1} as projectcalico.org/v3", object.apiVersion ?? 'crd.projectcalico.org/v1', object.kind),
        [fix],
      );
    }
  },
};
