/**
 * The hover on an expectation (docs/expectations.md): whether the workspace's policies keep it, and why,
 * in `netpol-lens test`'s words: for a kept one, what decides its first pair in each direction; for a
 * broken one, NP960's reason; for one naming no workload, NP961's.
 */
import * as l10n from '../l10n/t';
import type { Settings } from '../config/settings';
import type { YamlFile } from '../parse/yamlFile';
import type { Workspace } from '../reach/workspace';
import { checkedExpectations } from '../rules/support/expectationResults';
import { expectationWorkspace, resolveEndpoint, sides } from './evaluate';
import type { Outcome } from './evaluate';
import { brokenReason, describeExpectation, sideSentence, unknownMessage } from './explain';
import type { Expectation } from './format';
import { mentionsExpectations } from './format';

export interface ExpectationHover {
  readonly markdown: string;
  readonly span: readonly [number, number];
}

/** Paragraphs, then a list. */
function markdown(paragraphs: readonly string[], items: readonly string[] = []): string {
  return [...paragraphs, ...(items.length > 0 ? [items.map((item) => `- ${item}`).join('\n')] : [])].join('\n\n');
}

function heldReason(workspace: Workspace, settings: Settings, e: Expectation, outcome: Extract<Outcome, { status: 'holds' }>): string {
  const pairs = outcome.pairs === 1 ? l10n.t('{0} pair of endpoints', outcome.pairs) : l10n.t('{0} pairs of endpoints', outcome.pairs);
  const head = e.allowed
    ? l10n.t('**Expectation holds**: {0} is allowed ({1}).', describeExpectation(e), pairs)
    : l10n.t('**Expectation holds**: {0} is denied ({1}).', describeExpectation(e), pairs);
  // What decides its first pair: the same reading the CLI gives of a broken one.
  const ew = expectationWorkspace(workspace, [e.from, e.to], settings.dns);
  const sources = resolveEndpoint(ew, e.from);
  const destinations = resolveEndpoint(ew, e.to);
  if (typeof sources === 'string' || typeof destinations === 'string') return head;
  for (const source of sources) {
    const destination = destinations.find((d) => !(source.external && d.external));
    if (!destination) continue;
    const witness = e.port ? { port: e.port.from, protocol: e.port.protocol } : undefined;
    const { egress, ingress } = sides(ew, source, destination, witness);
    const pair = witness ? l10n.t('For {0} -> {1} on {2}:', source.key, destination.key, `${witness.port}/${witness.protocol}`) : l10n.t('For {0} -> {1}:', source.key, destination.key);
    return markdown([head, pair], [sideSentence(egress, witness !== undefined), sideSentence(ingress, witness !== undefined)]);
  }
  return head;
}

/** The hover on the expectation under `offset` of an expectations file, if any. */
export function expectationHover(file: YamlFile, workspace: Workspace, settings: Settings, offset: number): ExpectationHover | undefined {
  if (!mentionsExpectations(file.text)) return undefined;
  const hit = checkedExpectations(file, workspace, settings).find(({ expectation }) => expectation.span[0] <= offset && offset <= expectation.span[1]);
  if (!hit) return undefined;
  const { expectation: e, outcome } = hit;
  if (outcome.status === 'holds') return { markdown: heldReason(workspace, settings, e, outcome), span: e.span };
  if (outcome.status === 'broken') {
    const [summary, ...directions] = brokenReason(e, outcome);
    return { markdown: markdown([l10n.t('**Expectation broken** (NP960): {0}.', summary!)], directions), span: e.span };
  }
  return { markdown: l10n.t('**Expectation not checked** (NP961): {0}.', unknownMessage(e, outcome)), span: e.span };
}
