import * as l10n from '../engine/l10n/t';

/** A mistake in how the command was called: reported with the usage text, exit code 2. */
export class UsageError extends Error {}

/** Input the command cannot work with (no workloads to ask about, a bad --config): reported alone, exit code 2. */
export class InputError extends Error {}

/**
 * Node's `parseArgs` errors (`ERR_PARSE_ARGS_*`) in the language of --locale. Node writes them in English
 * only; the option as the user typed it is kept from its message. A message of a form not known here is
 * returned as Node wrote it.
 */
export function parseArgsMessage(error: { code?: string; message: string }): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  if (quoted === undefined) return error.message;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return l10n.t("unknown option '{0}' (an argument starting with '-' goes at the end, after '--')", quoted);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (error.message.endsWith('argument missing')) return l10n.t("option '{0}' needs a value", quoted);
      if (error.message.endsWith('does not take an argument')) return l10n.t("option '{0}' takes no value", quoted);
      if (error.message.includes('argument is ambiguous')) return l10n.t("option '{0}' is followed by a value starting with '-': write {0}=VALUE if that is its value", quoted);
      return error.message;
    default:
      return error.message;
  }
}
