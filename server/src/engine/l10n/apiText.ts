/**
 * The NP1xx messages: the API server's (or kubectl's) own English text, verbatim, inside a sentence of the
 * user's language, so that it matches what `kubectl apply` prints and what people search for. In English
 * the sentence is the text alone.
 */
import * as l10n from './t';
import type { FieldErrorType } from '../validation/fieldErrors';
import type { StructureErrorKind } from '../validation/structure';

/** A validation error of the API server (`field.Error.ErrorBody()`), by its type. */
export function apiErrorMessage(type: FieldErrorType, body: string): string {
  switch (type) {
    case 'Required value':
      return l10n.t({ message: '{0}', args: [body], comment: 'API server error: Required value' });
    case 'Invalid value':
      return l10n.t({ message: '{0}', args: [body], comment: 'API server error: Invalid value' });
    case 'Unsupported value':
      return l10n.t({ message: '{0}', args: [body], comment: 'API server error: Unsupported value' });
    case 'Forbidden':
      return l10n.t({ message: '{0}', args: [body], comment: 'API server error: Forbidden' });
    case 'Too long':
      return l10n.t({ message: '{0}', args: [body], comment: 'API server error: Too long' });
    case 'Duplicate value':
      return l10n.t({ message: '{0}', args: [body], comment: 'API server error: Duplicate value' });
  }
}

/** A warning the API server returns with an accepted object (kubectl prints `Warning: <field>: <text>`). */
export function apiWarningMessage(text: string): string {
  return l10n.t({ message: '{0}', args: [text], comment: 'API server warning' });
}

/** A strict decoding error (unknown or duplicate field, wrong type), as kubectl prints it. */
export function decodingErrorMessage(kind: StructureErrorKind, text: string): string {
  switch (kind) {
    case 'unknown':
      return l10n.t({ message: '{0}', args: [text], comment: 'Decoding error: unknown field' });
    case 'type':
      return l10n.t({ message: '{0}', args: [text], comment: 'Decoding error: wrong type' });
    case 'duplicate':
      return l10n.t({ message: '{0}', args: [text], comment: 'Decoding error: duplicate field' });
  }
}

/** A custom resource's validation error (its CRD's OpenAPI schema or CEL rules), as the API server prints it. */
export function crdErrorMessage(text: string): string {
  return l10n.t({ message: '{0}', args: [text], comment: 'CRD validation error' });
}
