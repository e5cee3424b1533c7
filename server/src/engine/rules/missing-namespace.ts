import * as l10n from '../l10n/t';
import { isMap, isScalar } from 'yaml';
import type { Node } from 'yaml';
import { detectIndentStyle } from '../fixes/indentStyle';
import { appendToFlowMap, insertBlockMapEntry } from '../fixes/yamlEdits';
import type { FixProposal, Rule } from './rule';

export const missingNamespace: Rule = {
  meta: {
    code: 'NP901',
    name: 'missing-namespace',
    description: 'A policy without metadata.namespace in a file whose other objects name theirs: it lands wherever kubectl points.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'file-namespaces',
  check(context) {
    const namespaces = context.namespacesInFile;
    if (namespaces.length === 0) return;
    for (const policy of context.policies) {
      if (policy.namespace !== undefined) continue;
      const span = policy.keySpan(['metadata']);
      const metadata = policy.node(['metadata']);
      if (!span || !isMap(metadata)) continue;
      const fixes: FixProposal[] = [];
      if (namespaces.length === 1) {
        const [namespace] = namespaces as [string];
        // `namespace` goes right after `name`, where kubectl and the docs put it.
        const nameIndex = metadata.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === 'name');
        const after = nameIndex >= 0 ? (metadata.items[nameIndex + 1]?.key as Node | undefined) : (metadata.items[0]?.key as Node | undefined);
        const edit = metadata.flow
          ? appendToFlowMap(context.file, metadata, 'namespace', namespace)
          : insertBlockMapEntry(context.file, metadata, after, 'namespace', namespace, detectIndentStyle(context.file, policy.source.document));
        if (edit) fixes.push({ title: l10n.t('Set metadata.namespace to {0}', namespace), isPreferred: true, edits: [edit] });
      }
      const others = namespaces.length === 1 ? `namespace ${namespaces[0]}` : `namespaces ${namespaces.join(', ')}`;
      context.report({
        policy,
        span,
        field: ['metadata'],
        message: l10n.t(
          'This policy names no namespace, while the other objects in this file name {0}: kubectl applies it to whatever namespace the current context or -n points at, where it may select other pods or none.',
          others,
        ),
        fixes,
      });
    }
  },
};
