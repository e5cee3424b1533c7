/**
 * The language features (completion, hover, outline). Each feature asks every provider and joins
 * their parts, so another provider (a policy explanation, label values from the workspace) is one
 * more entry in a list here.
 */
import type { PolicyView } from '../model/policyView';
import type { YamlFile } from '../parse/yamlFile';
import { clusterPolicyOutline, completeClusterPolicy, hoverClusterPolicy } from './clusterPolicy';
import { completeCilium, hoverCilium } from './cilium';
import { completeFromApi } from './completion';
import { hoverFromExplanations } from './explanationHover';
import { hoverFromApi } from './hover';
import { outline } from './symbols';
import type { CompletionEntry, CompletionProvider, HoverPart, HoverProvider, LanguageRequest, OutlineSymbol } from './types';

export const COMPLETION_PROVIDERS: CompletionProvider[] = [completeFromApi, completeClusterPolicy, completeCilium];
export const HOVER_PROVIDERS: HoverProvider[] = [hoverFromExplanations, hoverFromApi, hoverClusterPolicy, hoverCilium];

/** Every provider's entries; one that throws is skipped (never fail the request). */
export function complete(request: LanguageRequest, providers: readonly CompletionProvider[] = COMPLETION_PROVIDERS): CompletionEntry[] {
  return providers.flatMap((provide) => {
    try {
      return provide(request);
    } catch {
      return [];
    }
  });
}

/** Every provider's hover parts, in provider order. */
export function hover(request: LanguageRequest, providers: readonly HoverProvider[] = HOVER_PROVIDERS): HoverPart[] {
  return providers.flatMap((provide) => {
    try {
      return provide(request);
    } catch {
      return [];
    }
  });
}

export { outline, policyOutline } from './symbols';

/** The outline of a file: its NetworkPolicies and its ClusterNetworkPolicies, in file order. */
/** Whether the file's outline has cluster-wide policies besides its NetworkPolicies' (`outline`). */
export function outlinesClusterPolicies(file: YamlFile): boolean {
  return clusterPolicyOutline(file).length > 0;
}

export function outlineFile(file: YamlFile, policies: readonly PolicyView[]): OutlineSymbol[] {
  const clusterPolicies = clusterPolicyOutline(file);
  const symbols = outline(policies);
  return clusterPolicies.length === 0 ? symbols : [...symbols, ...clusterPolicies].sort((a, b) => a.span[0] - b.span[0]);
}
export type { CompletionEntry, CompletionProvider, HoverPart, HoverProvider, LanguageRequest, OutlineSymbol } from './types';
