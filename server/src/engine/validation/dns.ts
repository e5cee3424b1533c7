/**
 * DNS name checks of k8s.io/apimachinery/pkg/util/validation (and its `api/validate/content` copy):
 * `IsDNS1123Subdomain`, `IsDNS1123Label`, and the message helpers they share.
 */

/** Which helper package words the message: util says "characters", content says "bytes". */
export type LengthUnit = 'characters' | 'bytes';

/** `MaxLenError`. Lengths are Go's `len()`, so UTF-8 bytes, whatever the message says. */
export function maxLenError(length: number, unit: LengthUnit): string {
  return `must be no more than ${length} ${unit}`;
}

export function emptyError(): string {
  return 'must be non-empty';
}

/** `RegexError`, with its quirk: two spaces before each `or` when there are several examples. */
export function regexError(msg: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${format}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((example, i) => {
    if (i > 0) out += ' or ';
    out += `'${example}', `;
  });
  return `${out}regex used for validation is '${format}')`;
}

export function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
export const DNS1123_LABEL_MAX_LENGTH = 63;

/** `IsDNS1123Subdomain`: metadata.name, and the prefix of a label key. */
export function isDNS1123Subdomain(value: string, unit: LengthUnit): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH, unit));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

/** `IsDNS1123Label`: metadata.namespace. */
export function isDNS1123Label(value: string, unit: LengthUnit): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH, unit));
  if (!DNS1123_LABEL_RE.test(value)) {
    // A valid subdomain that is not a valid label (length already checked) must have dots.
    if (DNS1123_SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

/**
 * `NameIsDNSSubdomain(name, prefix)` (apimachinery pkg/api/validation/generic.go): for a generateName
 * prefix a trailing `-` is allowed, by `maskTrailingDash` (which drops two characters and appends "a").
 */
export function nameIsDNSSubdomain(name: string, prefix: boolean): string[] {
  let value = name;
  if (prefix && value.length > 1 && value.endsWith('-')) value = `${value.slice(0, -2)}a`;
  return isDNS1123Subdomain(value, 'characters');
}

/** `NameIsDNSLabel`, which `ValidateNamespaceName` is. */
export function nameIsDNSLabel(name: string): string[] {
  return isDNS1123Label(name, 'characters');
}
