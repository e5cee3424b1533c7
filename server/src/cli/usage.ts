/** A mistake in how the command was called: reported with the usage text, exit code 2. */
export class UsageError extends Error {}

/** Input the command cannot work with (no workloads to ask about, a bad --config): reported alone, exit code 2. */
export class InputError extends Error {}
