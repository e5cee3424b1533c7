/**
 * A CustomResourceDefinition's structural schema (`spec.versions[].schema.openAPIV3Schema`), the subset
 * of apiextensions.k8s.io/v1 JSONSchemaProps that structural schemas may use
 * (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/types_jsonschema.go). Vendored schemas are
 * plain data of this shape (engine/crd/generated/), transcribed from a CRD file by
 * scripts/vendor-crd-schema.mjs.
 */

export type CrdType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

/** One `x-kubernetes-validations` entry: a CEL rule and what the API server says when it is false. */
export interface CrdValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  /** A path relative to the node the rule is on (`.spec.foo`), where the API server reports the error. */
  readonly fieldPath?: string;
  readonly reason?: string;
  readonly optionalOldSelf?: boolean;
}

export interface CrdSchema {
  readonly type?: CrdType;
  readonly description?: string;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, CrdSchema>>;
  readonly required?: readonly string[];
  readonly items?: CrdSchema;
  readonly additionalProperties?: CrdSchema | boolean;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly nullable?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-validations'?: readonly CrdValidationRule[];
}

/** One served version of a vendored CRD, with where it was transcribed from. */
export interface VendoredCrd {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly scope: 'Namespaced' | 'Cluster';
  /** `owner/name` of the repository, the path of the CRD file in it and the commit read. */
  readonly source: { readonly repository: string; readonly path: string; readonly commit: string };
  readonly schema: CrdSchema;
}

/** The schema of a field below `schema` (`['spec', 'egress', 0, 'to']`), or undefined where the schema says nothing. */
export function schemaAt(schema: CrdSchema, path: readonly (string | number)[]): CrdSchema | undefined {
  let at: CrdSchema | undefined = schema;
  for (const segment of path) {
    if (!at) return undefined;
    if (typeof segment === 'number') at = at.items;
    else if (at.properties && Object.hasOwn(at.properties, segment)) at = at.properties[segment];
    else if (typeof at.additionalProperties === 'object') at = at.additionalProperties;
    else return undefined;
  }
  return at;
}
