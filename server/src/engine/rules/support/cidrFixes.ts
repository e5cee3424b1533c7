import * as l10n from '../../l10n/t';
import type { PolicyView } from '../../model/policyView';
import { networkOf, singleAddressOf } from '../../validation/cidr';
import type { FixProposal } from '../rule';
import { replaceScalar } from './apiValidation';

/**
 * Rewrites a CIDR the way the API server's own warning suggests: its network address in standard
 * form (`10.0.0.1/8` -> `10.0.0.0/8`, `010.0.0.0/8` -> `10.0.0.0/8`, `::ffff:10.0.0.0/104` -> `10.0.0.0/8`).
 * When host bits are set the user may have meant the single address instead: offered second.
 */
export function cidrFixes(policy: PolicyView, span: readonly [number, number], value: string, hostBits: boolean): FixProposal[] {
  const network = networkOf(value);
  if (!network || network === value) return [];
  const fixes: FixProposal[] = [{ title: l10n.t('Change to {0}', network), isPreferred: true, edits: [replaceScalar(policy.file.text, span, network)] }];
  const single = singleAddressOf(value);
  if (hostBits && single && single !== value) {
    fixes.push({ title: l10n.t('Change to {0} (this address only)', single), edits: [replaceScalar(policy.file.text, span, single)] });
  }
  return fixes;
}

