import type { Alias, Node, Pair } from 'yaml';
import { DEFAULT_LIMITS } from '../config/limits';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { FieldPath } from '../parse/fieldPath';
import type { PolicySource } from '../parse/manifests';
import { nodeAt, nodeSpan, pairAt } from '../parse/yamlFile';
import type { YamlFile } from '../parse/yamlFile';
import { hasPatchDirectives } from '../parse/patches';
import { decodeWithin } from './decode';
import { effectivePolicyTypes } from './defaults';
import type { PolicyType } from './defaults';

/**
 * One NetworkPolicy of a file: the decoded API object for the checks' logic, and the YAML nodes behind
 * each field for ranges and edits. Field paths are relative to the object, as the API server names them.
 */
export interface PolicyViewOptions {
  readonly aliasBudget?: number;
  /** The caller knows the file is a patch (listed under a kustomization's `patches`). */
  readonly partial?: boolean;
  /** The policy's document holds template actions (`{{ ... }}`): see parse/templates.ts. */
  readonly templated?: boolean;
}

export class PolicyView {
  readonly object: NetworkPolicy;
  readonly policyTypes: ReadonlySet<PolicyType>;
  /**
   * A Kustomize / strategic-merge patch: only some fields of a policy, merged into a base elsewhere.
   * What it leaves out is not missing, and its effect (policyTypes defaults, isolation) is unknown here.
   * Rules that judge a whole policy skip it; rules about the value of a field that is present apply.
   */
  readonly isPartial: boolean;
  /** Its document is a template (`{{ ... }}`): no rule runs on it, NP003 says so. */
  readonly isTemplated: boolean;
  /** Where decoding stopped for the alias budget (NP001); the object is then incomplete and not analysed. */
  readonly aliasBudgetExceededAt: Alias | undefined;

  constructor(
    readonly file: YamlFile,
    readonly source: PolicySource,
    options: PolicyViewOptions = {},
  ) {
    const decoded = decodeWithin(source.document, source.node, options.aliasBudget ?? DEFAULT_LIMITS.aliasBudget);
    this.object = decoded.object;
    this.aliasBudgetExceededAt = decoded.aliasBudgetExceededAt;
    this.policyTypes = effectivePolicyTypes(this.object.spec);
    this.isPartial = options.partial === true || hasPatchDirectives(source.node);
    this.isTemplated = options.templated === true;
  }

  /** Whether rules may look at this policy at all: decoded whole, and not a template. */
  get isAnalysable(): boolean {
    return !this.isTemplated && this.aliasBudgetExceededAt === undefined;
  }

  /**
   * This policy in another version of its file that shares its YAML nodes (the incremental analyser
   * keeps unchanged documents across edits): the decoded object is kept, not decoded again.
   */
  inFile(file: YamlFile, source: PolicySource = this.source): PolicyView {
    return Object.assign(Object.create(PolicyView.prototype) as PolicyView, this, { file, source });
  }

  get name(): string | undefined {
    return this.object.metadata?.name;
  }

  get namespace(): string | undefined {
    return this.object.metadata?.namespace;
  }

  /** `namespace/name` for messages, with placeholders where the manifest leaves them out. */
  get displayName(): string {
    return `${this.namespace ?? '<default namespace>'}/${this.name ?? '<unnamed>'}`;
  }

  isolates(direction: PolicyType): boolean {
    return this.policyTypes.has(direction);
  }

  node(path: FieldPath): Node | undefined {
    return nodeAt(this.source.document, this.source.node, path);
  }

  pair(path: FieldPath): Pair | undefined {
    return pairAt(this.source.document, this.source.node, path);
  }

  /** Offsets of the value at `path`; an absent or empty value falls back to its key. */
  valueSpan(path: FieldPath): [number, number] | undefined {
    const value = nodeSpan(this.node(path));
    if (value && value[1] > value[0]) return value;
    return this.keySpan(path) ?? value;
  }

  keySpan(path: FieldPath): [number, number] | undefined {
    return nodeSpan(this.pair(path)?.key as Node | null | undefined);
  }
}
