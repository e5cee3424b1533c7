/**
 * The explanations of the NP6xx rules (`podSelector: {}`, `namespaceSelector: {}`, `egress: [{}]`, a
 * selector key left empty) in the hover of the node they explain. They are hints by default, whose
 * message the editor already shows in the hover of the dotted range; a user who turns them off (or
 * whose client does not show hints) still finds the explanation here, so this provider answers only
 * for the explanation rules that are off.
 */
import { emptyNamespaceSelector } from '../rules/empty-namespace-selector';
import { emptyPodSelector } from '../rules/empty-pod-selector';
import { emptyRule } from '../rules/empty-rule';
import { nullSelector } from '../rules/null-selector';
import type { Report, Rule } from '../rules/rule';
import { reportAtWith } from '../rules/support/reportAt';
import { policyAt } from './policyAt';
import type { HoverPart, LanguageRequest } from './types';
import { namespacesNamedIn } from '../parse/namespaces';

export const EXPLANATION_RULES: readonly Rule[] = [emptyPodSelector, emptyNamespaceSelector, emptyRule, nullSelector];

function isOff(rule: Rule, request: LanguageRequest): boolean {
  const { code, name } = rule.meta;
  return (request.settings.rules[code] ?? request.settings.rules[name]) === 'off';
}

export function hoverFromExplanations(request: LanguageRequest): HoverPart[] {
  const rules = EXPLANATION_RULES.filter((rule) => isOff(rule, request));
  if (rules.length === 0) return [];
  const policy = policyAt(request.policies, request.offset);
  if (!policy || policy.isPartial) return [];
  const reports: Report[] = [];
  const report = (r: Report) => {
    reports.push(r);
  };
  const namespacesInFile = namespacesNamedIn(request.file.documents);
  for (const rule of rules) {
    rule.check({ file: request.file, policies: [policy], scope: request.policies, settings: request.settings, notices: [], namespacesInFile, report, reportAt: reportAtWith(report) });
  }
  return reports
    .filter(({ span: [start, end] }) => start <= request.offset && request.offset <= end)
    .map((report) => ({ markdown: report.message, span: report.span }));
}
