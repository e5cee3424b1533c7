/**
 * The `--config` file: the editor's `netpolLens.*` settings as JSON, in any of the forms a user copies
 * from the docs or from VS Code's settings.json: nested (`{"dns": {"profile": "openshift"}}`), flat with
 * dots (`{"dns.profile": "openshift"}`), with or without the `netpolLens.` prefix, or mixed. Every key
 * must be a setting the extension declares (package.json); anything else is an error, never ignored.
 */
import * as l10n from '../engine/l10n/t';
import { promises as fs } from 'node:fs';
import packageJson from '../../../package.json';
import { normalizeSettings, RULES } from '../engine';
import { suggestField } from '../engine/validation/structure';
import { InputError } from './usage';

const PREFIX = 'netpolLens.';
/** Settings of the editor alone: accepted in a shared settings file, with no effect on the CLI. */
const EDITOR_ONLY = new Set(['trace.server']);

interface Declared {
  readonly type?: string | readonly string[];
}

/** The settings the extension declares, without the prefix: `dns.profile`, `rules`, `limits.maxFileSize`. */
const DECLARED: ReadonlyMap<string, Declared> = new Map(
  Object.entries(packageJson.contributes.configuration.properties as Record<string, Declared>).map(([key, value]) => [key.slice(PREFIX.length), value]),
);
const KEYS = [...DECLARED.keys()];

/** Settings whose value is an object of free keys (`rules`: code to severity; `dns.podLabels`): `rules.NP201` sets one entry. */
function isObjectSetting(key: string): boolean {
  const type = DECLARED.get(key)?.type;
  return type === 'object' || (Array.isArray(type) && type.includes('object'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKey(key: string, file: string): InputError {
  const suggestion = suggestField(key, KEYS) ?? KEYS.find((known) => known.endsWith(`.${key}`));
  return new InputError(
    suggestion
      ? l10n.t('--config {0}: unknown setting "{1}" (did you mean "{2}"?); the settings are {3}', file, key, suggestion, KEYS.join(', '))
      : l10n.t('--config {0}: unknown setting "{1}"; the settings are {2}', file, key, KEYS.join(', ')),
  );
}

const RULE_NAMES = new Set(RULES.flatMap((rule) => [rule.meta.code, rule.meta.name]));

/**
 * The settings of a parsed config file, nested as `normalizeSettings` takes them. Throws an InputError
 * naming the first key it does not know (with the closest known one) or a key given twice.
 */
export function configSettings(raw: unknown, file: string): Record<string, unknown> {
  if (!isRecord(raw)) throw new InputError(l10n.t('--config {0}: expected a JSON object of settings', file));
  const flat = new Map<string, unknown>();
  const set = (key: string, value: unknown) => {
    if (flat.has(key)) throw new InputError(l10n.t('--config {0}: "{1}" is given twice', file, key));
    flat.set(key, value);
  };
  const visit = (object: Record<string, unknown>, prefix: string) => {
    for (const [name, value] of Object.entries(object)) {
      let key = prefix === '' ? name : `${prefix}.${name}`;
      if (key === 'netpolLens' && isRecord(value)) {
        visit(value, '');
        continue;
      }
      if (key.startsWith(PREFIX)) key = key.slice(PREFIX.length);
      if (DECLARED.has(key)) set(key, value);
      else if (isRecord(value) && KEYS.some((known) => known.startsWith(`${key}.`))) visit(value, key);
      else {
        const parent = KEYS.find((known) => isObjectSetting(known) && key.startsWith(`${known}.`));
        if (!parent) throw unknownKey(key, file);
        set(key, value);
      }
    }
  };
  visit(raw, '');

  const nested: Record<string, unknown> = {};
  for (const [key, value] of flat) {
    if (EDITOR_ONLY.has(key)) continue;
    const parts = key.split('.');
    // A declared key ends where DECLARED says; past it (rules.NP201) the rest is one free key.
    const declaredLength = parts.findIndex((_, i) => DECLARED.has(parts.slice(0, i + 1).join('.'))) + 1;
    const path = declaredLength > 0 && declaredLength < parts.length ? [...parts.slice(0, declaredLength), parts.slice(declaredLength).join('.')] : parts;
    let at = nested;
    for (const part of path.slice(0, -1)) {
      const next = at[part];
      if (next !== undefined && !isRecord(next)) throw new InputError(l10n.t('--config {0}: "{1}" and "{2}" are both given', file, path.join('.'), part));
      at = (at[part] ??= {}) as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    if (isRecord(at[last]) && isRecord(value)) at[last] = { ...at[last], ...value };
    else at[last] = value;
  }
  if (isRecord(nested.rules)) {
    for (const rule of Object.keys(nested.rules)) {
      if (!RULE_NAMES.has(rule)) {
        const suggestion = suggestField(rule, [...RULE_NAMES]);
        throw new InputError(
          suggestion ? l10n.t('--config {0}: rules: unknown rule "{1}" (did you mean "{2}"?)', file, rule, suggestion) : l10n.t('--config {0}: rules: unknown rule "{1}"', file, rule),
        );
      }
    }
  }
  return nested;
}

/** Reads and parses the file and checks every value; every failure is an InputError that says which file, which key and why. */
export async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(l10n.t('cannot read --config {0}: {1}', file, (error as NodeJS.ErrnoException).code ?? String(error)));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(l10n.t('--config {0} is not valid JSON: {1}', file, (error as Error).message));
  }
  const settings = configSettings(raw, file);
  const { problems } = normalizeSettings(settings);
  if (problems.length > 0) throw new InputError(problems.map((problem) => l10n.t('--config {0}: {1}', file, problem)).join('\n'));
  return settings;
}
