/** Reachability: who can talk to whom, from the manifests of a workspace. No I/O here either. */
import type { Settings } from '../config/settings';
import { parseYamlFile } from '../parse/yamlFile';
import { readManifests } from './manifests';
import type { FileManifests } from './manifests';
import { Workspace } from './workspace';

export { computeMatrix, defaultPortQueries, portEntryMatches, reach, rulePortsMatch } from './evaluate';
export type { DirectionVerdict, Matrix, PortQuery, ReachVerdict, RuleRef } from './evaluate';
export { readManifests, WORKLOAD_KINDS } from './manifests';
export type { ContainerPort, FileManifests, NamespaceManifest, WorkloadManifest } from './manifests';
export { NAMESPACE_NAME_LABEL, newCompileCache, Workspace } from './workspace';
export type { CompileCache, CompiledPeer, CompiledPolicy, CompiledRule, Endpoint, NamespaceInfo, WorkspaceOptions } from './workspace';

export interface SourceText {
  readonly uri: string;
  readonly text: string;
}

export function workspaceOptions(settings: Pick<Settings, 'defaultNamespace' | 'ipBlockAppliesToPods'>, externalAddresses: readonly string[] = []) {
  return { defaultNamespace: settings.defaultNamespace, ipBlockAppliesToPods: settings.ipBlockAppliesToPods, externalAddresses };
}

/** Parses each text and builds the workspace from all of them. */
export function buildWorkspace(
  sources: readonly SourceText[],
  settings: Pick<Settings, 'defaultNamespace' | 'ipBlockAppliesToPods'>,
  externalAddresses: readonly string[] = [],
): Workspace {
  const files: FileManifests[] = sources.map((s) => readManifests(s.uri, parseYamlFile(s.text)));
  return new Workspace(files, workspaceOptions(settings, externalAddresses));
}
