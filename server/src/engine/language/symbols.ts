/** The outline: each NetworkPolicy of the file by namespace/name, with its selector and rules beneath. */
import * as l10n from '../l10n/t';
import type { PolicyView } from '../model/policyView';
import { asSeqNode, spanOf } from '../validation/yamlValues';
import type { OutlineSymbol } from './types';

function summarizeRule(policy: PolicyView, direction: 'ingress' | 'egress', index: number): string {
  const rule = policy.object.spec?.[direction]?.[index];
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  const peers = (rule as Record<string, unknown[] | undefined> | undefined)?.[peersKey];
  const ports = rule?.ports;
  const count = peers?.length ?? 0;
  const who =
    direction === 'ingress'
      ? count === 0
        ? l10n.t('from anywhere')
        : count === 1
          ? l10n.t('from {0} peer', count)
          : l10n.t('from {0} peers', count)
      : count === 0
        ? l10n.t('to anywhere')
        : count === 1
          ? l10n.t('to {0} peer', count)
          : l10n.t('to {0} peers', count);
  const where =
    !ports || ports.length === 0
      ? l10n.t('all ports')
      : ports.map((p) => `${p.port ?? l10n.t('any')}${p.endPort !== undefined ? `-${p.endPort}` : ''}/${p.protocol ?? 'TCP'}`).join(', ');
  return l10n.t('{0}, {1}', who, where);
}

function rulesSymbol(policy: PolicyView, direction: 'ingress' | 'egress'): OutlineSymbol | undefined {
  const pair = policy.pair(['spec', direction]);
  const keySpan = spanOf(pair?.key);
  if (!pair || !keySpan) return undefined;
  const seq = asSeqNode(policy.source.document, pair.value);
  const children: OutlineSymbol[] = (seq?.items ?? []).flatMap((item, index) => {
    const span = spanOf(item);
    if (!span) return [];
    return [{ name: `${direction}[${index}]`, detail: summarizeRule(policy, direction, index), kind: 'rule' as const, span, selectionSpan: span, children: [] }];
  });
  const valueSpan = spanOf(pair.value);
  const span: [number, number] = [keySpan[0], valueSpan?.[1] ?? keySpan[1]];
  const isolates = policy.isolates(direction === 'ingress' ? 'Ingress' : 'Egress');
  return {
    name: direction,
    detail:
      children.length === 1
        ? isolates
          ? l10n.t('{0} rule', children.length)
          : l10n.t('{0} rule (ignored: not in policyTypes)', children.length)
        : isolates
          ? l10n.t('{0} rules', children.length)
          : l10n.t('{0} rules (ignored: not in policyTypes)', children.length),
    kind: 'rules',
    span,
    selectionSpan: keySpan,
    children,
  };
}

function policySymbol(policy: PolicyView): OutlineSymbol | undefined {
  const span = spanOf(policy.source.node);
  if (!span) return undefined;
  const nameSpan = spanOf(policy.node(['metadata', 'name'])) ?? spanOf(policy.pair(['kind'])?.key) ?? span;
  const children: OutlineSymbol[] = [];
  const selectorPair = policy.pair(['spec', 'podSelector']);
  const selectorKey = spanOf(selectorPair?.key);
  if (selectorPair && selectorKey) {
    const labels = Object.entries(policy.object.spec?.podSelector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
    const expressions = policy.object.spec?.podSelector?.matchExpressions?.length ?? 0;
    const described = expressions === 0 ? [] : [expressions === 1 ? l10n.t('{0} expression', expressions) : l10n.t('{0} expressions', expressions)];
    const detail = labels.length === 0 && expressions === 0 ? l10n.t('all pods in the namespace') : [...labels, ...described].join(', ');
    children.push({ name: 'podSelector', detail, kind: 'selector', span: [selectorKey[0], spanOf(selectorPair.value)?.[1] ?? selectorKey[1]], selectionSpan: selectorKey, children: [] });
  }
  for (const direction of ['ingress', 'egress'] as const) {
    const symbol = rulesSymbol(policy, direction);
    if (symbol) children.push(symbol);
  }
  return { name: policy.displayName, detail: `policyTypes: ${[...policy.policyTypes].join(', ')}`, kind: 'policy' as const, span, selectionSpan: nameSpan, children };
}

function shifted(symbol: OutlineSymbol, delta: number): OutlineSymbol {
  return {
    ...symbol,
    span: [symbol.span[0] + delta, symbol.span[1] + delta],
    selectionSpan: [symbol.selectionSpan[0] + delta, symbol.selectionSpan[1] + delta],
    children: symbol.children.map((child) => shifted(child, delta)),
  };
}

/**
 * Each policy's symbol, made once per PolicyView: an edit elsewhere in the file keeps the view of an unchanged
 * document (engine/incremental/), whose nodes all move by the same amount, so its symbol is moved with them.
 * The editor asks for the outline after every edit; on 5,000 policies making it anew took about 100 ms.
 */
const made = new WeakMap<PolicyView, { readonly at: number; readonly symbol: OutlineSymbol | undefined }>();

/** One policy's symbol, made anew and not kept (for a caller that keeps what it makes of it: the server's outline). */
export function policyOutline(policy: PolicyView): OutlineSymbol | undefined {
  return policySymbol(policy);
}

export function outline(policies: readonly PolicyView[]): OutlineSymbol[] {
  const symbols: OutlineSymbol[] = [];
  for (const policy of policies) {
    const at = policy.source.node.range?.[0] ?? 0;
    let entry = made.get(policy);
    if (!entry) made.set(policy, (entry = { at, symbol: policySymbol(policy) }));
    if (entry.symbol) symbols.push(entry.at === at ? entry.symbol : shifted(entry.symbol, at - entry.at));
  }
  return symbols;
}
