/**
 * Which API an object's `apiVersion` names: one of Kubernetes' own groups, or a CustomResourceDefinition's.
 * NP108 uses it to tell a Kubernetes NetworkPolicy under a wrong apiVersion from another product's kind of
 * the same name; the workspace uses it to tell custom resources (which operators turn into pods) from
 * built-in objects.
 */

/**
 * The dotted API groups a Kubernetes API server serves itself (`kubectl api-resources` on a bare cluster).
 * Groups without a dot (`''` for `v1`, `apps`, `batch`, `extensions`, `policy`, `autoscaling`) are built-in
 * too, or no API group at all: a CRD's group must contain a dot (apiextensions validation, "should be a
 * domain with at least one dot").
 */
const DOTTED_BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** The group of an apiVersion as apimachinery's `ParseGroupVersion` reads it: `apps/v1` -> `apps`, `v1` -> `''`. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Is this group served by the Kubernetes API server itself (or no CRD's group at all)? */
export function isKubernetesApiGroup(group: string): boolean {
  return !group.includes('.') || DOTTED_BUILT_IN_GROUPS.has(group);
}

/** Cilium's API group: `cilium.io/v2` CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (engine/cilium/). */
export const CILIUM_API_GROUP = 'cilium.io';

/** Calico's public API, served by the Calico API server: `projectcalico.org/v3`. */
export const CALICO_API_GROUP = 'projectcalico.org';

/**
 * Calico's internal storage API (the CRDs behind `projectcalico.org/v3`), which Calico's docs tell users
 * not to write by hand: objects there skip the Calico API server's validation and defaulting.
 */
export const CALICO_CRD_API_GROUP = 'crd.projectcalico.org';
