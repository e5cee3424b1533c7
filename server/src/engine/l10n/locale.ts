/**
 * The language of every string the engine, the language server and the CLI show: English, or Simplified
 * Chinese from the catalogue l10n/bundle.l10n.zh-cn.json (the VS Code client's bundle too). Strings are
 * written in English through `l10n.t('... {0} ...', value)` from `@vscode/l10n`, whose key is the English
 * text; one locale per process (the server's is the client's `InitializeParams.locale`, the CLI's
 * `--locale` or the environment's).
 */
import * as l10n from '@vscode/l10n';
import zhCn from '../../../../l10n/bundle.l10n.zh-cn.json';

export type Locale = 'en' | 'zh-cn';

export const LOCALES: readonly Locale[] = ['en', 'zh-cn'];

const BUNDLES: Record<Locale, Record<string, string>> = { en: {}, 'zh-cn': zhCn };

let current: Locale = 'en';

/**
 * The supported locale a BCP 47 tag (`zh-CN`, `zh-Hans-CN`) or a POSIX locale (`zh_CN.UTF-8`) asks for:
 * Simplified Chinese for `zh` in mainland China, Singapore or `Hans` script, English for anything else
 * (Traditional Chinese included: there is no catalogue for it yet). Undefined for an empty or `C`/`POSIX`
 * value, which asks for nothing.
 */
export function localeOf(tag: string | undefined | null): Locale | undefined {
  const value = (tag ?? '').trim().replace(/[.@].*$/, '').replace(/_/g, '-').toLowerCase();
  if (value === '' || value === 'c' || value === 'posix') return undefined;
  const [language, ...rest] = value.split('-');
  if (language !== 'zh') return 'en';
  if (rest.length === 0) return 'zh-cn';
  if (rest.includes('hant') || rest.includes('tw') || rest.includes('hk') || rest.includes('mo')) return 'en';
  return 'zh-cn';
}

/** The locale the POSIX environment asks for: `LC_ALL`, then `LC_MESSAGES`, then `LANG`. */
export function localeOfEnvironment(env: NodeJS.ProcessEnv): Locale {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const locale = localeOf(env[name]);
    if (locale) return locale;
  }
  return 'en';
}

/** Switches every later `l10n.t` to the locale's catalogue. */
export function setLocale(locale: Locale): void {
  current = locale;
  l10n.config({ contents: BUNDLES[locale] });
}

export function currentLocale(): Locale {
  return current;
}

/** `make()` with `locale` as the current one, then the current one back: text made later in the words of earlier. */
export function inLocale<T>(locale: Locale, make: () => T): T {
  const before = current;
  if (before === locale) return make();
  setLocale(locale);
  try {
    return make();
  } finally {
    setLocale(before);
  }
}

/** The catalogue of a locale (empty for English, whose keys are the messages themselves). */
export function catalogueOf(locale: Locale): Readonly<Record<string, string>> {
  return BUNDLES[locale];
}
