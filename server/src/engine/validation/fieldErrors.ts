/**
 * apimachinery's `field.Error` (k8s.io/apimachinery/pkg/util/validation/field/errors.go): the error
 * types, their constructors and `ErrorBody()`, the text the API server puts in each cause's message.
 */
import type { FieldPath } from '../parse/fieldPath';
import { formatFieldPath } from '../parse/fieldPath';
import type { VersionFeatures } from './kubernetesVersion';

export type FieldErrorType = 'Required value' | 'Invalid value' | 'Unsupported value' | 'Forbidden' | 'Too long' | 'Duplicate value';

/** A bad value as the Go code holds it, which decides how `ErrorBody()` prints it. */
export type BadValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'int'; readonly value: number }
  /** A slice of a named string type (`[]networking.PolicyType`), printed with `%#v` or as JSON. */
  | { readonly kind: 'stringSlice'; readonly goType: string; readonly values: readonly string[] }
  | { readonly kind: 'omitted' };

export interface FieldError {
  readonly type: FieldErrorType;
  /** The API field path the server reports: `spec.egress[0].ports[1].protocol`. */
  readonly field: FieldPath;
  readonly badValue: BadValue;
  readonly detail: string;
  /** Offsets of the node at fault in the YAML text: the value, or the key when the value is missing. */
  readonly span: readonly [number, number];
}

const OMITTED: BadValue = { kind: 'omitted' };

export function required(field: FieldPath, detail: string, span: readonly [number, number]): FieldError {
  return { type: 'Required value', field, badValue: OMITTED, detail, span };
}

export function invalid(field: FieldPath, badValue: BadValue, detail: string, span: readonly [number, number]): FieldError {
  return { type: 'Invalid value', field, badValue, detail, span };
}

/** `field.NotSupported`: the detail lists the supported values, each `strconv.Quote`d. */
export function notSupported(field: FieldPath, value: string, supported: readonly string[], span: readonly [number, number]): FieldError {
  const detail = supported.length > 0 ? `supported values: ${supported.map(goQuote).join(', ')}` : '';
  return { type: 'Unsupported value', field, badValue: { kind: 'string', value }, detail, span };
}

export function forbidden(field: FieldPath, detail: string, span: readonly [number, number]): FieldError {
  return { type: 'Forbidden', field, badValue: OMITTED, detail, span };
}

/** `field.TooLong` since apimachinery v0.32 (Kubernetes 1.32): the value is never shown. */
export function tooLong(field: FieldPath, maxLength: number, span: readonly [number, number]): FieldError {
  return { type: 'Too long', field, badValue: OMITTED, detail: `may not be more than ${maxLength} bytes`, span };
}

export function str(value: string): BadValue {
  return { kind: 'string', value };
}

export function int(value: number): BadValue {
  return { kind: 'int', value };
}

/** `field.Error.ErrorBody()`: `Invalid value: "x": detail`, `Required value`, `Forbidden: detail`... */
export function errorBody(error: FieldError, features: VersionFeatures): string {
  let body: string = error.type;
  const showsValue = error.type === 'Invalid value' || error.type === 'Unsupported value' || error.type === 'Duplicate value';
  if (showsValue && error.badValue.kind !== 'omitted') body += `: ${renderValue(error.badValue, features)}`;
  if (error.detail.length > 0) body += `: ${error.detail}`;
  return body;
}

/** `field.Error.Error()`: the field path, then the body. */
export function errorString(error: FieldError, features: VersionFeatures): string {
  return `${formatFieldPath(error.field)}: ${errorBody(error, features)}`;
}

function renderValue(value: BadValue, features: VersionFeatures): string {
  switch (value.kind) {
    case 'string':
      return goQuote(value.value);
    case 'int':
      return String(value.value);
    case 'stringSlice':
      // Before 1.34 composite values go through `%#v`; from 1.34 (kubernetes/kubernetes#132314) as JSON.
      return features.jsonValueRendering ? `[${value.values.map(goJsonString).join(',')}]` : `${value.goType}{${value.values.map(goQuote).join(', ')}}`;
    case 'omitted':
      return '';
  }
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };

/** Go's `strconv.Quote` (and `%q`): printable characters as they are, the rest as Go escapes. */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const short = SHORT_ESCAPES[char];
    if (short) out += short;
    else if (PRINTABLE.test(char)) out += char;
    else {
      const code = char.codePointAt(0)!;
      if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += `\\U${code.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** Go's `json.Marshal` of a string: HTML-sensitive characters escaped as Go does by default. */
function goJsonString(value: string): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
