import { brokenMessage, decidingPlaces } from '../expectations/explain';
import { mentionsExpectations } from '../expectations/format';
import type { Rule } from './rule';
import { checkedExpectations } from './support/expectationResults';

/**
 * NP960: an expectation of an expectations file (docs/expectations.md) that the workspace's policies break:
 * a connection expected allowed that is denied, or expected denied that is allowed. Shown on its
 * `allowed` value, with the pair and port that break it, each direction in `netpol-lens reach`'s words, and
 * related information on the policies that isolate the denying end or the rules that allow it.
 */
export const expectationBroken: Rule = {
  meta: {
    code: 'NP960',
    name: 'expectation-broken',
    description: 'a connectivity expectation that the policies of the workspace break',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'expectations',
  check(context) {
    if (!context.workspace || !mentionsExpectations(context.file.text)) return;
    for (const { expectation, outcome } of checkedExpectations(context.file, context.workspace, context.settings)) {
      if (outcome.status !== 'broken') continue;
      const message = brokenMessage(expectation, outcome);
      const related = decidingPlaces(expectation, outcome).map((place) => ({
        uri: place.uri,
        range: place.policy.view.file.lines.range(place.span[0], place.span[1]),
        message: place.message,
      }));
      context.report({ span: expectation.allowedSpan, message, related });
    }
  },
};
