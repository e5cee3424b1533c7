/**
 * The shape of a `networking.k8s.io/v1` NetworkPolicy as the API server decodes it: each field's JSON
 * name, Go type (for the decoder's own error text) and documentation. Docs are the comments of
 * kubernetes/kubernetes staging/src/k8s.io/api/networking/v1/types.go (LabelSelector's from
 * k8s.io/apimachinery meta/v1 types.go); defaults from pkg/apis/networking/v1/defaults.go.
 */

export type SchemaType =
  | { readonly kind: 'struct'; readonly goType: string; readonly name: string; readonly doc: string; readonly fields: Readonly<Record<string, SchemaField>> }
  | { readonly kind: 'array'; readonly goType: string; readonly items: SchemaType }
  | { readonly kind: 'map'; readonly goType: string; readonly values: SchemaType }
  | { readonly kind: 'string'; readonly goType: string; readonly values?: readonly EnumValue[] }
  | { readonly kind: 'int32' | 'int64'; readonly goType: string }
  | { readonly kind: 'intOrString'; readonly goType: string }
  /** Fields this tool does not look into (owner references, managed fields, timestamps). */
  | { readonly kind: 'opaque'; readonly goType: string };

export interface EnumValue {
  readonly value: string;
  readonly doc: string;
}

export interface SchemaField {
  readonly type: SchemaType;
  readonly doc: string;
  readonly required?: boolean;
  /** What the API server fills in when the field is left out, for hover. */
  readonly defaultDoc?: string;
}

const string: SchemaType = { kind: 'string', goType: 'string' };
const stringMap: SchemaType = { kind: 'map', goType: 'map[string]string', values: string };
const opaque = (goType: string): SchemaType => ({ kind: 'opaque', goType });

export const PROTOCOL_VALUES: readonly EnumValue[] = [
  { value: 'TCP', doc: 'ProtocolTCP is the TCP protocol.' },
  { value: 'UDP', doc: 'ProtocolUDP is the UDP protocol.' },
  { value: 'SCTP', doc: 'ProtocolSCTP is the SCTP protocol.' },
];

export const POLICY_TYPE_VALUES: readonly EnumValue[] = [
  { value: 'Ingress', doc: 'PolicyTypeIngress is a NetworkPolicy that affects ingress traffic on selected pods' },
  { value: 'Egress', doc: 'PolicyTypeEgress is a NetworkPolicy that affects egress traffic on selected pods' },
];

export const OPERATOR_VALUES: readonly EnumValue[] = [
  { value: 'In', doc: 'The label is present and its value is one of `values` (which must be non-empty).' },
  { value: 'NotIn', doc: 'The label is absent, or its value is none of `values` (which must be non-empty).' },
  { value: 'Exists', doc: 'The label is present, whatever its value (`values` must be empty).' },
  { value: 'DoesNotExist', doc: 'The label is absent (`values` must be empty).' },
];

const labelSelectorRequirement: SchemaType = {
  kind: 'struct',
  goType: 'v1.LabelSelectorRequirement',
  name: 'LabelSelectorRequirement',
  doc: 'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
  fields: {
    key: { type: string, required: true, doc: 'key is the label key that the selector applies to.' },
    operator: {
      type: { kind: 'string', goType: 'v1.LabelSelectorOperator', values: OPERATOR_VALUES },
      required: true,
      doc: "operator represents a key's relationship to a set of values.\nValid operators are In, NotIn, Exists and DoesNotExist.",
    },
    values: {
      type: { kind: 'array', goType: '[]string', items: string },
      doc: 'values is an array of string values. If the operator is In or NotIn,\nthe values array must be non-empty. If the operator is Exists or DoesNotExist,\nthe values array must be empty. This array is replaced during a strategic\nmerge patch.',
    },
  },
};

const labelSelector: SchemaType = {
  kind: 'struct',
  goType: 'v1.LabelSelector',
  name: 'LabelSelector',
  doc: 'A label selector is a label query over a set of resources. The result of matchLabels and\nmatchExpressions are ANDed. An empty label selector matches all objects. A null\nlabel selector matches no objects.',
  fields: {
    matchLabels: {
      type: stringMap,
      doc: 'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels\nmap is equivalent to an element of matchExpressions, whose key field is "key", the\noperator is "In", and the values array contains only "value". The requirements are ANDed.',
    },
    matchExpressions: {
      type: { kind: 'array', goType: '[]v1.LabelSelectorRequirement', items: labelSelectorRequirement },
      doc: 'matchExpressions is a list of label selector requirements. The requirements are ANDed.',
    },
  },
};

const ipBlock: SchemaType = {
  kind: 'struct',
  goType: 'v1.IPBlock',
  name: 'IPBlock',
  doc: 'IPBlock describes a particular CIDR (Ex. "192.168.1.0/24","2001:db8::/64") that is allowed\nto the pods matched by a NetworkPolicySpec\'s podSelector. The except entry describes CIDRs\nthat should not be included within this rule.',
  fields: {
    cidr: { type: string, required: true, doc: 'cidr is a string representing the IPBlock\nValid examples are "192.168.1.0/24" or "2001:db8::/64"' },
    except: {
      type: { kind: 'array', goType: '[]string', items: string },
      doc: 'except is a slice of CIDRs that should not be included within an IPBlock\nValid examples are "192.168.1.0/24" or "2001:db8::/64"\nExcept values will be rejected if they are outside the cidr range',
    },
  },
};

const peer: SchemaType = {
  kind: 'struct',
  goType: 'v1.NetworkPolicyPeer',
  name: 'NetworkPolicyPeer',
  doc: 'NetworkPolicyPeer describes a peer to allow traffic to/from. Only certain combinations of\nfields are allowed',
  fields: {
    podSelector: {
      type: labelSelector,
      doc: 'podSelector is a label selector which selects pods. This field follows standard label\nselector semantics; if present but empty, it selects all pods.\n\nIf namespaceSelector is also set, then the NetworkPolicyPeer as a whole selects\nthe pods matching podSelector in the Namespaces selected by NamespaceSelector.\nOtherwise it selects the pods matching podSelector in the policy\'s own namespace.',
    },
    namespaceSelector: {
      type: labelSelector,
      doc: 'namespaceSelector selects namespaces using cluster-scoped labels. This field follows\nstandard label selector semantics; if present but empty, it selects all namespaces.\n\nIf podSelector is also set, then the NetworkPolicyPeer as a whole selects\nthe pods matching podSelector in the namespaces selected by namespaceSelector.\nOtherwise it selects all pods in the namespaces selected by namespaceSelector.',
    },
    ipBlock: {
      type: ipBlock,
      doc: 'ipBlock defines policy on a particular IPBlock. If this field is set then\nneither of the other fields can be.',
    },
  },
};

const port: SchemaType = {
  kind: 'struct',
  goType: 'v1.NetworkPolicyPort',
  name: 'NetworkPolicyPort',
  doc: 'NetworkPolicyPort describes a port to allow traffic on',
  fields: {
    protocol: {
      type: { kind: 'string', goType: 'v1.Protocol', values: PROTOCOL_VALUES },
      doc: 'protocol represents the protocol (TCP, UDP, or SCTP) which traffic must match.\nIf not specified, this field defaults to TCP.',
      defaultDoc: '`TCP`',
    },
    port: {
      type: { kind: 'intOrString', goType: 'intstr.IntOrString' },
      doc: 'port represents the port on the given protocol. This can either be a numerical or named\nport on a pod. If this field is not provided, this matches all port names and\nnumbers.\nIf present, only traffic on the specified protocol AND port will be matched.',
    },
    endPort: {
      type: { kind: 'int32', goType: 'int32' },
      doc: 'endPort indicates that the range of ports from port to endPort if set, inclusive,\nshould be allowed by the policy. This field cannot be defined if the port field\nis not defined or if the port field is defined as a named (string) port.\nThe endPort must be equal or greater than port.',
    },
  },
};

const ports = (doc: string) => ({ type: { kind: 'array', goType: '[]v1.NetworkPolicyPort', items: port } as SchemaType, doc });
const peers = (doc: string) => ({ type: { kind: 'array', goType: '[]v1.NetworkPolicyPeer', items: peer } as SchemaType, doc });

const ingressRule: SchemaType = {
  kind: 'struct',
  goType: 'v1.NetworkPolicyIngressRule',
  name: 'NetworkPolicyIngressRule',
  doc: "NetworkPolicyIngressRule describes a particular set of traffic that is allowed to the pods\nmatched by a NetworkPolicySpec's podSelector. The traffic must match both ports and from.",
  fields: {
    ports: ports(
      'ports is a list of ports which should be made accessible on the pods selected for\nthis rule. Each item in this list is combined using a logical OR. If this field is\nempty or missing, this rule matches all ports (traffic not restricted by port).\nIf this field is present and contains at least one item, then this rule allows\ntraffic only if the traffic matches at least one port in the list.',
    ),
    from: peers(
      'from is a list of sources which should be able to access the pods selected for this rule.\nItems in this list are combined using a logical OR operation. If this field is\nempty or missing, this rule matches all sources (traffic not restricted by\nsource). If this field is present and contains at least one item, this rule\nallows traffic only if the traffic matches at least one item in the from list.',
    ),
  },
};

const egressRule: SchemaType = {
  kind: 'struct',
  goType: 'v1.NetworkPolicyEgressRule',
  name: 'NetworkPolicyEgressRule',
  doc: "NetworkPolicyEgressRule describes a particular set of traffic that is allowed out of pods\nmatched by a NetworkPolicySpec's podSelector. The traffic must match both ports and to.\nThis type is beta-level in 1.8",
  fields: {
    ports: ports(
      'ports is a list of destination ports for outgoing traffic.\nEach item in this list is combined using a logical OR. If this field is\nempty or missing, this rule matches all ports (traffic not restricted by port).\nIf this field is present and contains at least one item, then this rule allows\ntraffic only if the traffic matches at least one port in the list.',
    ),
    to: peers(
      'to is a list of destinations for outgoing traffic of pods selected for this rule.\nItems in this list are combined using a logical OR operation. If this field is\nempty or missing, this rule matches all destinations (traffic not restricted by\ndestination). If this field is present and contains at least one item, this rule\nallows traffic only if the traffic matches at least one item in the to list.',
    ),
  },
};

const spec: SchemaType = {
  kind: 'struct',
  goType: 'v1.NetworkPolicySpec',
  name: 'NetworkPolicySpec',
  doc: 'NetworkPolicySpec provides the specification of a NetworkPolicy',
  fields: {
    podSelector: {
      type: labelSelector,
      doc: "podSelector selects the pods to which this NetworkPolicy object applies.\nThe array of rules is applied to any pods selected by this field. An empty\nselector matches all pods in the policy's namespace.\nMultiple network policies can select the same set of pods. In this case,\nthe ingress rules for each are combined additively.\nThis field is optional. If it is not specified, it defaults to an empty selector.",
      defaultDoc: '`{}` (every pod in the namespace)',
    },
    ingress: {
      type: { kind: 'array', goType: '[]v1.NetworkPolicyIngressRule', items: ingressRule },
      doc: "ingress is a list of ingress rules to be applied to the selected pods.\nTraffic is allowed to a pod if there are no NetworkPolicies selecting the pod\n(and cluster policy otherwise allows the traffic), OR if the traffic source is\nthe pod's local node, OR if the traffic matches at least one ingress rule\nacross all of the NetworkPolicy objects whose podSelector matches the pod. If\nthis field is empty then this NetworkPolicy does not allow any traffic (and serves\nsolely to ensure that the pods it selects are isolated by default)",
    },
    egress: {
      type: { kind: 'array', goType: '[]v1.NetworkPolicyEgressRule', items: egressRule },
      doc: 'egress is a list of egress rules to be applied to the selected pods. Outgoing traffic\nis allowed if there are no NetworkPolicies selecting the pod (and cluster policy\notherwise allows the traffic), OR if the traffic matches at least one egress rule\nacross all of the NetworkPolicy objects whose podSelector matches the pod. If\nthis field is empty then this NetworkPolicy limits all outgoing traffic (and serves\nsolely to ensure that the pods it selects are isolated by default).\nThis field is beta-level in 1.8',
    },
    policyTypes: {
      type: { kind: 'array', goType: '[]v1.PolicyType', items: { kind: 'string', goType: 'v1.PolicyType', values: POLICY_TYPE_VALUES } },
      doc: 'policyTypes is a list of rule types that the NetworkPolicy relates to.\nValid options are ["Ingress"], ["Egress"], or ["Ingress", "Egress"].\nIf this field is not specified, it will default based on the existence of ingress or egress rules;\npolicies that contain an egress section are assumed to affect egress, and all policies\n(whether or not they contain an ingress section) are assumed to affect ingress.\nIf you want to write an egress-only policy, you must explicitly specify policyTypes [ "Egress" ].\nLikewise, if you want to write a policy that specifies that no egress is allowed,\nyou must specify a policyTypes value that include "Egress" (since such a policy would not include\nan egress section and would otherwise default to just [ "Ingress" ]).\nThis field is beta-level in 1.8',
      defaultDoc: '`[Ingress]`, plus `Egress` when `egress` has at least one rule',
    },
  },
};

const objectMeta: SchemaType = {
  kind: 'struct',
  goType: 'v1.ObjectMeta',
  name: 'ObjectMeta',
  doc: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects\nusers must create.',
  fields: {
    name: { type: string, doc: 'Name must be unique within a namespace. A lowercase RFC 1123 subdomain: at most 253 characters of lower case alphanumerics, `-` and `.`.' },
    generateName: { type: string, doc: 'An optional prefix the server uses to generate a unique name, used only if name is not provided.' },
    namespace: {
      type: string,
      doc: 'The namespace the NetworkPolicy lives in, and whose pods its podSelector selects. A lowercase RFC 1123 label.\nWhen left out, kubectl uses the namespace of its current context.',
      defaultDoc: "the request's namespace (kubectl's current context)",
    },
    labels: { type: stringMap, doc: 'Map of string keys and values that can be used to organize and categorize (scope and select) objects.' },
    annotations: { type: stringMap, doc: 'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.' },
    uid: { type: { kind: 'string', goType: 'types.UID' }, doc: 'UID is the unique in time and space value for this object. Set by the server.' },
    resourceVersion: { type: string, doc: 'An opaque value that represents the internal version of this object. Set by the server.' },
    generation: { type: { kind: 'int64', goType: 'int64' }, doc: 'A sequence number representing a specific generation of the desired state. Set by the server.' },
    selfLink: { type: string, doc: 'Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.' },
    creationTimestamp: { type: opaque('v1.Time'), doc: 'A timestamp representing the server time when this object was created. Set by the server.' },
    deletionTimestamp: { type: opaque('v1.Time'), doc: 'RFC 3339 date and time at which this resource will be deleted. Set by the server.' },
    deletionGracePeriodSeconds: { type: { kind: 'int64', goType: 'int64' }, doc: 'Number of seconds allowed for this object to gracefully terminate. Set by the server.' },
    ownerReferences: { type: opaque('[]v1.OwnerReference'), doc: 'List of objects depended by this object.' },
    finalizers: { type: { kind: 'array', goType: '[]string', items: string }, doc: 'Must be empty before the object is deleted from the registry.' },
    managedFields: { type: opaque('[]v1.ManagedFieldsEntry'), doc: 'Maps workflow-id and version to the set of fields that are managed by that workflow. Set by the server.' },
  },
};

export const NETWORK_POLICY: SchemaType & { kind: 'struct' } = {
  kind: 'struct',
  goType: 'v1.NetworkPolicy',
  name: 'NetworkPolicy',
  doc: 'NetworkPolicy describes what network traffic is allowed for a set of Pods',
  fields: {
    apiVersion: { type: string, doc: 'APIVersion defines the versioned schema of this representation of an object: `networking.k8s.io/v1`.' },
    kind: { type: string, doc: 'Kind is a string value representing the REST resource this object represents: `NetworkPolicy`.' },
    metadata: {
      type: objectMeta,
      doc: 'metadata is the standard object metadata.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
    },
    spec: { type: spec, doc: 'spec represents the specification of the desired behavior for this NetworkPolicy.' },
  },
};

/** The schema of the field at a path (indices step into arrays, keys into structs and maps). */
export function schemaAt(path: readonly (string | number)[]): { type: SchemaType; field?: SchemaField } | undefined {
  let type: SchemaType = NETWORK_POLICY;
  let field: SchemaField | undefined;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (type.kind !== 'array') return undefined;
      type = type.items;
    } else if (type.kind === 'struct') {
      field = type.fields[segment];
      if (!field) return undefined;
      type = field.type;
    } else if (type.kind === 'map') {
      type = type.values;
      field = undefined;
    } else return undefined;
  }
  return field ? { type, field } : { type };
}
