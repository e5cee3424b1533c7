import { unknownMessage } from '../expectations/explain';
import { mentionsExpectations } from '../expectations/format';
import type { Rule } from './rule';
import { checkedExpectations } from './support/expectationResults';

/**
 * NP961: an expectation whose `from` or `to` names no workload of the workspace (a typo, a renamed
 * workload, a selector no pod matches, a name two workloads share). It is not checked: saying it broken
 * would blame the policies for a name. Only with a workspace (the editor's index, `check` on a folder).
 */
export const expectationEndpointUnknown: Rule = {
  meta: {
    code: 'NP961',
    name: 'expectation-endpoint-unknown',
    description: 'an expectation names a workload the workspace does not have, so it is not checked',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'expectations',
  check(context) {
    if (!context.workspace || !mentionsExpectations(context.file.text)) return;
    for (const { expectation, outcome } of checkedExpectations(context.file, context.workspace, context.settings)) {
      if (outcome.status !== 'unknown') continue;
      const span = outcome.end === 'from' ? expectation.fromSpan : expectation.toSpan;
      context.report({ span, message: unknownMessage(expectation, outcome) });
    }
  },
};
