import * as l10n from '../l10n/t';
import type { Rule } from './rule';
import { reportValidationErrors } from './support/apiValidation';
import { spanOf } from '../validation/yamlValues';

export const invalidPort: Rule = {
  meta: {
    code: 'NP102',
    name: 'invalid-port',
    description: 'A port number outside 1-65535, a port name that is not an IANA service name, or an endPort the API server rejects.',
    defaultSeverity: 'error',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    reportValidationErrors(context, 'port', (policy, error) => {
      // `endPort` below `port`: the two were most likely written the wrong way round.
      if (error.detail !== 'must be greater than or equal to `port`') return [];
      const portPath = [...error.field.slice(0, -1), 'port'];
      const portSpan = spanOf(policy.node(portPath));
      const endSpan = spanOf(policy.node(error.field));
      if (!portSpan || !endSpan) return [];
      const { text } = policy.file;
      const portText = text.slice(portSpan[0], portSpan[1]);
      const endText = text.slice(endSpan[0], endSpan[1]);
      return [
        {
          title: l10n.t('Swap port and endPort ({0}-{1})', endText, portText),
          isPreferred: true,
          edits: [
            { start: portSpan[0], end: portSpan[1], newText: endText },
            { start: endSpan[0], end: endSpan[1], newText: portText },
          ],
        },
      ];
    });
  },
};
