/**
 * Hover from the API's knowledge: the field's types.go documentation, and what the API server will
 * fill in (a port's protocol, the effective policyTypes).
 */
import * as l10n from '../l10n/t';
import { sourceText } from '../l10n/sourceText';
import type { PolicyView } from '../model/policyView';
import { formatFieldPath } from '../parse/fieldPath';
import type { FieldPath } from '../parse/fieldPath';
import { schemaAt } from '../validation/schema';
import { stringOf } from '../validation/yamlValues';
import { fieldDocumentation, unwrap } from './fieldDocs';
import { nodeAtOffset } from './nodeAtOffset';
import { policyAt } from './policyAt';
import type { HoverPart, LanguageRequest } from './types';

function effectivePolicyTypes(policy: PolicyView): string {
  const declared = policy.object.spec?.policyTypes;
  const types = [...policy.policyTypes].join(', ');
  if (declared && declared.length > 0) return l10n.t('Effective policyTypes: **[{0}]**.', types);
  return policy.policyTypes.has('Egress')
    ? l10n.t('Effective policyTypes: **[{0}]** (not written: defaulted to Ingress always, and Egress because `egress` has rules).', types)
    : l10n.t('Effective policyTypes: **[{0}]** (not written: defaulted to Ingress always; Egress only when `egress` has at least one rule).', types);
}

/** For a `ports` item: the protocol the server stores when none is written. */
function portDefaults(policy: PolicyView, portPath: FieldPath): string | undefined {
  const node = policy.node([...portPath, 'protocol']);
  if (node && stringOf(policy.source.document, node) !== undefined) return undefined;
  return l10n.t('protocol: **TCP** (not written: the API server defaults it to TCP).');
}

function isPortPath(path: FieldPath): boolean {
  return path.length >= 2 && typeof path[path.length - 1] === 'number' && path[path.length - 2] === 'ports';
}

export function hoverFromApi(request: LanguageRequest): HoverPart[] {
  const policy = policyAt(request.policies, request.offset);
  if (!policy) return [];
  const at = nodeAtOffset(policy.source.document, policy.source.node, request.offset);
  if (!at) return [];
  const path = at.path;
  const parts: string[] = [];
  // A key of a map field (a label in matchLabels): the map field's documentation.
  const mapEntry = path.length > 1 && schemaAt(path.slice(0, -1))?.type.kind === 'map';
  const fieldPath = mapEntry ? path.slice(0, -1) : path;
  const schema = schemaAt(fieldPath);
  const key = [...fieldPath].reverse().find((s): s is string => typeof s === 'string');
  if (schema?.field && key) {
    parts.push(`**${formatFieldPath(fieldPath)}**`, fieldDocumentation(key, schema.field));
    // A value of an enum (a protocol, an operator, a policy type): its own meaning.
    if (at.on === 'value' && schema.type.kind === 'string' && schema.type.values) {
      const value = stringOf(policy.source.document, policy.node(path));
      const known = schema.type.values.find((v) => v.value === value);
      if (known) parts.push(`\`${known.value}\`: ${unwrap(sourceText(known.doc))}`);
    }
  } else if (schema && schema.type.kind === 'struct') {
    parts.push(`**${formatFieldPath(path)}** · \`${schema.type.goType}\``, unwrap(sourceText(schema.type.doc)));
  }
  if (schema === undefined) return [];
  // Defaulted values.
  if (path.length === 1 && path[0] === 'spec') parts.push(effectivePolicyTypes(policy));
  if (path[0] === 'spec' && (path[1] === 'policyTypes' || ((path[1] === 'ingress' || path[1] === 'egress') && path.length === 2))) {
    parts.push(effectivePolicyTypes(policy));
  }
  if (path.length === 1 && path[0] === 'metadata' && policy.namespace === undefined) {
    parts.push(l10n.t("namespace: not written: the request's namespace is used (kubectl's `-n`, or its context's namespace)."));
  }
  const portPath = isPortPath(path) ? path : isPortPath(path.slice(0, -1)) ? path.slice(0, -1) : undefined;
  if (portPath) {
    const defaults = portDefaults(policy, portPath);
    if (defaults) parts.push(defaults);
  }
  return parts.length > 0 ? [{ markdown: parts.join('\n\n'), span: at.span }] : [];
}
