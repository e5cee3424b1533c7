/**
 * "Show connectivity changes" and the "vs HEAD" code lens: the workspace as it is now (unsaved edits
 * included) against `HEAD` of each folder's git repository, or against the files as last saved where a
 * folder has no git. The diff itself is the engine's (engine/connlist/diff.ts), as `netpol-lens diff`
 * computes it; this module only gathers the two sides and locates the rules for the client.
 */
import * as l10n from '../engine/l10n/t';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens } from 'vscode-languageserver';
import type { Settings } from '../engine';
import { changeReasons, diffTables, diffWorkspaces, fileBlockTexts } from '../engine/connlist/diff';
import type { ConnectivityDiff } from '../engine/connlist/diff';
import { connectionTable, decidingRules } from '../engine/connlist/connections';
import type { Connection, ConnectionTable } from '../engine/connlist/connections';
import { portsText } from '../engine/connlist/render';
import type { Limits } from '../engine/config/limits';
import type { PolicyView } from '../engine/model/policyView';
import { formatFieldPath } from '../engine/parse/fieldPath';
import { nodeSpan } from '../engine/parse/yamlFile';
import { intersectPortSets, isEmptyPortSet } from '../engine/reach/portSets';
import { workspaceOptions } from '../engine/reach';
import type { FileManifests } from '../engine/reach';
import type { CompiledPolicy } from '../engine/reach/workspace';
import { gitBaseline, headCommit } from '../workspace/gitBaseline';
import { fileManifests, isKubernetesJson } from '../workspace/loadFile';
import { isJsonName, isManifestName, SKIPPED_DIRECTORIES } from '../workspace/manifestFiles';
import { pathOf } from './workspaceIndex';
import type { WorkspaceIndex } from './workspaceIndex';
import { SHOW_CHANGES_COMMAND } from '../../../shared/protocol';
import type { ChangeItem, ChangesParams, ChangesResult, ConnectivityRule } from '../../../shared/protocol';

/** The other side of the comparison: each file's manifests as `HEAD` (or the disk) has them, by path. */
interface Baseline {
  readonly key: string;
  readonly files: ReadonlyMap<string, FileManifests>;
  /** Per workspace folder: `HEAD` when it is compared with a commit, undefined when with its saved files. */
  readonly folders: ReadonlyMap<string, string | undefined>;
  readonly against: string;
  readonly notes: readonly string[];
}

/** What a code lens carries until it is resolved. */
interface LensData {
  /** `deleted`: the name of a policy the baseline has and the document no longer does. */
  readonly netpolChanges: { readonly uri: string; readonly id: string; readonly version: number; readonly label: string; readonly deleted?: string };
}

/**
 * How long a resolve waits for typing to pause before computing (a newer lens request replaces a stale
 * lens): at least this, and twice what the last count took, so that a workspace where a count is slow
 * (about 1-2 s on the 2,000-file benchmark workspace) is counted only in a longer pause.
 */
const SETTLE_MS = 250;
const MAX_SETTLE_MS = 5000;

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The files the index would read from a folder: manifest names outside node_modules and .git. */
function indexable(folder: string, file: string): boolean {
  return isManifestName(file) && isInside(folder, file) && !path.relative(folder, file).split(path.sep).some((part) => SKIPPED_DIRECTORIES.has(part));
}

/** A policy's identity within its file: namespace as written, name, and which of that name it is. */
function policyIds(views: readonly PolicyView[]): string[] {
  const seen = new Map<string, number>();
  return views.map((view) => {
    const base = `${view.object.metadata?.namespace ?? ''}/${view.object.metadata?.name ?? ''}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}#${n}`;
  });
}

function sameObject(a: PolicyView, b: PolicyView): boolean {
  return JSON.stringify(a.object) === JSON.stringify(b.object);
}

export class ChangesService {
  private baselineCache: Baseline | undefined;
  private readonly lensTitles = new Map<string, string>();
  private lensTitlesKey = '';
  /**
   * The tables of the workspace with one policy reverted, by what they depend on. While the user types in
   * that policy they stay the same, so a resolve after each pause computes only the new side, which takes
   * from this one every pair the edit does not touch.
   */
  private readonly revertedTables = new Map<string, ConnectionTable>();
  /** How long the last lens count took, in ms (also read by `npm run bench`). */
  lastCountMs = 0;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly limits: (uri: string) => Promise<Limits>,
  ) {}

  /** The files at `HEAD` (or as saved), read again only when the disk or a folder's `HEAD` moved. */
  async baseline(): Promise<Baseline> {
    const folders = this.index.workspaceFolders;
    const heads = await Promise.all(folders.map((folder) => headCommit(folder)));
    const key = JSON.stringify([this.index.diskVersion, folders, heads]);
    if (this.baselineCache?.key === key) return this.baselineCache;
    const files = new Map(this.index.savedFiles());
    const texts = new Map([...files].map(([file, manifests]) => [file, manifests.file.text]));
    const byFolder = new Map<string, string | undefined>();
    const notes: string[] = [];
    const commits = new Set<string>();
    for (const folder of folders) {
      const answer = await gitBaseline(folder, texts, (file) => indexable(folder, file));
      if ('none' in answer) {
        byFolder.set(folder, undefined);
        notes.push(l10n.t('{0}: compared with its files as last saved.', answer.none));
        continue;
      }
      byFolder.set(folder, 'HEAD');
      commits.add(answer.baseline.commit.slice(0, 7));
      for (const [file, text] of answer.baseline.changed) {
        if (text === undefined || (isJsonName(file) && !isKubernetesJson(text))) files.delete(file);
        else {
          const uri = pathToFileURL(file).href;
          files.set(file, fileManifests(uri, text, await this.limits(uri)));
        }
      }
    }
    const against = commits.size > 0 ? `HEAD (${[...commits].join(', ')})` : l10n.t('the files as last saved');
    this.baselineCache = { key, files, folders: byFolder, against, notes };
    return this.baselineCache;
  }

  /** `HEAD` or `saved`: what a document is compared with. */
  private labelFor(baseline: Baseline, file: string): string {
    for (const [folder, label] of baseline.folders) if (isInside(folder, file)) return label ?? l10n.t('saved');
    return l10n.t('saved');
  }

  /** A code lens, to resolve, on each policy of the document that differs from its baseline (new ones included). */
  async lenses(uri: string): Promise<CodeLens[]> {
    if (!this.index.ready) return [];
    const file = pathOf(uri) ?? uri;
    const baseline = await this.baseline();
    const current = this.index.filesByPath().get(file);
    if (!current) return [];
    const before = baseline.files.get(file)?.policies ?? [];
    const beforeById = new Map(policyIds(before).map((id, i) => [id, before[i]!]));
    const ids = policyIds(current.policies);
    const label = this.labelFor(baseline, file);
    const out: CodeLens[] = [];
    current.policies.forEach((view, i) => {
      const old = beforeById.get(ids[i]!);
      if (old && sameObject(old, view)) return;
      const span = nodeSpan(view.node(['metadata', 'name'])) ?? nodeSpan(view.source.node);
      if (!span) return;
      const at = current.file.lines.positionAt(span[0]);
      const data: LensData = { netpolChanges: { uri, id: ids[i]!, version: this.index.version, label } };
      out.push({ range: { start: at, end: at }, data });
    });
    // A policy deleted from the file has no line of its own: its lens goes on the file's first line.
    const now = new Set(ids);
    for (const [id, view] of beforeById) {
      if (now.has(id)) continue;
      const data: LensData = { netpolChanges: { uri, id, version: this.index.version, label, deleted: `${view.object.metadata?.name ?? ''}` } };
      out.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, data });
    }
    return out;
  }

  /** The "vs HEAD: +3 connections, -1" title, computed when the editor shows the lens and typing has paused. */
  async resolve(lens: CodeLens, settings: Settings): Promise<CodeLens> {
    const data = (lens.data as Partial<LensData> | undefined)?.netpolChanges;
    if (!data || typeof data.uri !== 'string' || typeof data.id !== 'string') return lens;
    const pending = { ...lens, command: { title: l10n.t('vs {0}: …', data.label), command: '' } };
    await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_SETTLE_MS, Math.max(SETTLE_MS, 2 * this.lastCountMs))));
    if (this.index.version !== data.version) return pending;
    const baseline = await this.baseline();
    if (this.index.version !== data.version) return pending;
    const key = JSON.stringify([this.index.version, baseline.key, settings]);
    if (key !== this.lensTitlesKey) {
      this.lensTitles.clear();
      this.lensTitlesKey = key;
    }
    let title = this.lensTitles.get(`${data.uri}\n${data.id}`);
    if (title === undefined) {
      const start = performance.now();
      const diff = this.policyDiff(baseline, data.uri, data.id, settings);
      this.lastCountMs = performance.now() - start;
      if (!diff) return pending;
      const vs = typeof data.deleted === 'string' ? l10n.t('vs {0} ({1} deleted)', data.label, data.deleted) : l10n.t('vs {0}', data.label);
      title =
        diff.added.length === 0 && diff.removed.length === 0
          ? l10n.t('{0}: no change in connections', vs)
          : diff.added.length === 1
            ? l10n.t('{0}: +{1} connection, -{2}', vs, diff.added.length, diff.removed.length)
            : l10n.t('{0}: +{1} connections, -{2}', vs, diff.added.length, diff.removed.length);
      this.lensTitles.set(`${data.uri}\n${data.id}`, title);
    }
    const params: ChangesParams = { uri: data.uri, policy: { uri: data.uri, key: data.id } };
    return { ...lens, command: { title, command: SHOW_CHANGES_COMMAND, arguments: [params] } };
  }

  /**
   * What one policy's edit does with everything else as it is now: the workspace with that policy as the
   * baseline has it (absent if new) against the workspace now. With one edited policy, the whole diff.
   */
  private policyDiff(baseline: Baseline, uri: string, id: string, settings: Settings): (ConnectivityDiff & { key: string }) | undefined {
    const file = pathOf(uri) ?? uri;
    const now = this.index.filesByPath();
    const current = now.get(file);
    if (!current) return undefined;
    const i = policyIds(current.policies).indexOf(id);
    const before = baseline.files.get(file)?.policies ?? [];
    const old = before[policyIds(before).indexOf(id)];
    if (i < 0 && !old) return undefined;
    // Reverted: the policy as the baseline has it in its place, absent if new, back at the end if deleted.
    const policies = i < 0 ? [...current.policies, old!] : current.policies.flatMap((view, j) => (j !== i ? [view] : old ? [old] : []));
    const oldFiles = [...now].map(([p, f]) => (p === file ? { ...f, policies } : f));
    const newFiles = [...now.values()];
    const options = workspaceOptions(settings);
    const oldBlocks = fileBlockTexts(oldFiles);
    const newBlocks = fileBlockTexts(newFiles);
    // The reverted side depends on everything but this document's text, on its other policies, and on the
    // ipBlocks of the new side (both sides are cut at the same ranges).
    const tableKey = JSON.stringify([this.index.versionAround(uri), baseline.key, settings, file, policies.map((p) => p.object), [...newBlocks].sort()]);
    let oldTable = this.revertedTables.get(tableKey);
    if (!oldTable) {
      oldTable = connectionTable(oldFiles, options, { extraBlocks: newBlocks, dns: settings.dns });
      if (this.revertedTables.size >= 4) this.revertedTables.delete(this.revertedTables.keys().next().value!);
      this.revertedTables.set(tableKey, oldTable);
    }
    const newTable = connectionTable(newFiles, options, { extraBlocks: oldBlocks, dns: settings.dns, previous: oldTable });
    const view = i < 0 ? old! : current.policies[i]!;
    return { ...diffTables(oldTable, newTable), key: `${view.object.metadata?.namespace ?? settings.defaultNamespace}/${view.object.metadata?.name ?? ''}` };
  }

  /** The answer to the changes request: every change of the workspace, or one policy's. */
  async changes(settings: Settings, params: ChangesParams | undefined): Promise<ChangesResult> {
    await this.index.whenReady();
    const baseline = await this.baseline();
    const policy = params?.policy;
    const notes = [...baseline.notes];
    const asked = policy && typeof policy.uri === 'string' && typeof policy.key === 'string' ? policy : undefined;
    const one = asked ? this.policyDiff(baseline, asked.uri, asked.key, settings) : undefined;
    if (asked && !one) notes.push(l10n.t('The policy {0} is no longer in {1}: every change of the workspace is shown.', asked.key, asked.uri));
    const key = one?.key;
    const diff: ConnectivityDiff = one ?? diffWorkspaces([...baseline.files.values()], this.index.files(), workspaceOptions(settings), { dns: settings.dns });
    const item = (kind: 'added' | 'removed') => (c: Connection): ChangeItem => ({
      from: c.from,
      to: c.to,
      ports: portsText(c.ports),
      because: changeReasons(diff, c, kind),
      rules: kind === 'added' ? addedRules(diff, c) : removedRules(diff, c),
    });
    return {
      ready: this.index.ready,
      against: baseline.against,
      ...(key !== undefined ? { policy: key } : {}),
      added: diff.added.map(item('added')),
      removed: diff.removed.map(item('removed')),
      notes,
    };
  }
}

/** A rule or a policy of NEW's workspace, where it is now. */
function located(policy: CompiledPolicy, field: readonly (string | number)[] | undefined): ConnectivityRule {
  const span = (field ? nodeSpan(policy.view.node(field)) : undefined) ?? nodeSpan(policy.view.source.node) ?? [0, 0];
  const lines = policy.view.file.lines;
  return { uri: policy.uri, range: lines.range(span[0], span[1]), title: field ? `${policy.key} ${formatFieldPath(field)}` : policy.key };
}

/** The rules of NEW that allow an added connection on each end. */
function addedRules(diff: ConnectivityDiff, change: Connection): ConnectivityRule[] {
  const answer = decidingRules(diff.new, change.fromEndpoint, change.toEndpoint);
  return [...answer.egress.rules, ...answer.ingress.rules].filter((r) => !isEmptyPortSet(intersectPortSets(r.ports, change.ports))).map((r) => located(r.policy, r.rule.field));
}

/** The policies of NEW that isolate the ends of a removed connection (the rules that allowed it are gone or changed). */
function removedRules(diff: ConnectivityDiff, change: Connection): ConnectivityRule[] {
  const out = new Map<string, ConnectivityRule>();
  const ends: [string, 'Egress' | 'Ingress', number][] = [
    [change.from, 'Egress', change.fromEndpoint],
    [change.to, 'Ingress', change.toEndpoint],
  ];
  for (const [name, direction, oldEndpoint] of ends) {
    const endpoint = diff.old.ws.endpoints[oldEndpoint]!.external
      ? diff.new.rangeEndpoints[diff.old.rangeEndpoints.indexOf(oldEndpoint)]
      : diff.new.workloads.find((w) => w.name === name)?.endpoint;
    if (endpoint === undefined) continue;
    for (const policy of diff.new.ws.policiesFor(endpoint, direction)) out.set(`${policy.uri}\n${policy.key}`, located(policy, undefined));
  }
  return [...out.values()];
}
