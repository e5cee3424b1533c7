/**
 * The Kubernetes minor whose API server the checks mirror (`netpolLens.kubernetesVersion`), and what
 * differs between the supported minors. Sources for each switch are in docs/validation.md.
 */
export const SUPPORTED_KUBERNETES_VERSIONS = ['1.33', '1.34', '1.35', '1.36'] as const;
export type KubernetesVersion = (typeof SUPPORTED_KUBERNETES_VERSIONS)[number];
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = '1.36';

export interface VersionFeatures {
  /**
   * The StrictIPCIDRValidation feature gate, beta and on by default from 1.36 (KEP-4858): leading
   * zeros, IPv4-mapped IPv6 and host bits in ipBlock CIDRs are errors instead of warnings.
   */
  readonly strictCIDR: boolean;
  /**
   * Label keys and values validated by apimachinery's `api/validate/content` package (from 1.35):
   * lengths are given in "bytes", and a key with several slashes is "a valid label key".
   */
  readonly contentLabelMessages: boolean;
  /** Composite bad values (the policyTypes list) rendered as JSON, not Go syntax (from 1.34). */
  readonly jsonValueRendering: boolean;
}

export function minorOf(version: KubernetesVersion): number {
  return Number(version.split('.')[1]);
}

export function featuresOf(version: KubernetesVersion): VersionFeatures {
  const minor = minorOf(version);
  return { strictCIDR: minor >= 36, contentLabelMessages: minor >= 35, jsonValueRendering: minor >= 34 };
}

/** `1.35`, `v1.35` and `1.35.2` name the same minor; anything else is not a supported version. */
export function parseKubernetesVersion(value: unknown): KubernetesVersion | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^v?(1\.\d+)(?:\.\d+)?$/.exec(value.trim());
  const minor = match?.[1];
  return (SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(minor ?? '') ? (minor as KubernetesVersion) : undefined;
}
