/**
 * Label key and value syntax: apimachinery's `IsQualifiedName` / `IsValidLabelValue`
 * (pkg/util/validation), which from 1.35 are `content.IsLabelKey` / `content.IsLabelValue`
 * (pkg/api/validate/content): the same rules, worded with "bytes" and "a valid label key".
 */
import type { LengthUnit } from './dns';
import { byteLength, emptyError, isDNS1123Subdomain, maxLenError, regexError } from './dns';
import type { VersionFeatures } from './kubernetesVersion';

const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_RE = new RegExp(`^${LABEL_KEY_FMT}$`);
const LABEL_KEY_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_KEY_MAX_LENGTH = 63;

const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
export const LABEL_VALUE_MAX_LENGTH = 63;

function unitFor(features: VersionFeatures): LengthUnit {
  return features.contentLabelMessages ? 'bytes' : 'characters';
}

/** `IsQualifiedName`: a label key, an annotation key (lower-cased first), a selector requirement's key. */
export function isQualifiedName(value: string, features: VersionFeatures): string[] {
  const unit = unitFor(features);
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else errs.push(...isDNS1123Subdomain(prefix, unit).map((msg) => `prefix part ${msg}`));
  } else {
    const subject = features.contentLabelMessages ? 'a valid label key' : 'a qualified name';
    return [
      `${subject} ${regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > LABEL_KEY_MAX_LENGTH) errs.push(`name part ${maxLenError(LABEL_KEY_MAX_LENGTH, unit)}`);
  if (!LABEL_KEY_RE.test(name)) errs.push(`name part ${regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** `IsValidLabelValue`: empty, or up to 63 bytes of alphanumerics, '-', '_' and '.'. */
export function isValidLabelValue(value: string, features: VersionFeatures): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH, unitFor(features)));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}
