/**
 * `t`, the one function every module of the server, the CLI and the engine localizes a string with:
 * `@vscode/l10n`'s `t` (the English text is the key of l10n/bundle.l10n.zh-cn.json), followed, in
 * Simplified Chinese, by the spacing of Chinese copy (see `spaceChinese`). Modules import it as
 * `import * as l10n from '.../engine/l10n/t'` and call `l10n.t(...)`, as with `@vscode/l10n` itself.
 */
import * as vscodeL10n from '@vscode/l10n';
import { currentLocale } from './locale';

const HAN = '\\p{Script=Han}';
/** Full-width punctuation of Chinese text, which takes no space on either side. */
const FULL_WIDTH = '，。、：；！？（）“”‘’《》【】…';
const CHINESE = `[${HAN}${FULL_WIDTH}]`;
const BETWEEN_CHINESE = new RegExp(`(${CHINESE}) +(?=${CHINESE})`, 'gu');
const HAN_THEN_LATIN = new RegExp(`(${HAN})(?=[A-Za-z0-9\`])`, 'gu');
const LATIN_THEN_HAN = new RegExp(`([A-Za-z0-9\`])(?=${HAN})`, 'gu');
/** A double-quoted ASCII string: an API-server or user value, kept as it is. */
const QUOTED = /("(?:[^"\\\n]|\\.)*")/;

/**
 * One space between Chinese and Latin letters, digits or code, none between Chinese characters or next to
 * full-width punctuation. The catalogue's sentences follow this, but a placeholder may be filled with
 * either a name (`名字空间 {0} 中` with `shop`) or another Chinese phrase (`策略所在的名字空间`): the
 * spacing is only right once the values are in. Double-quoted strings (the API server's words, user values)
 * are left as they are.
 */
export function spaceChinese(text: string): string {
  return text
    .split(QUOTED)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(BETWEEN_CHINESE, '$1').replace(HAN_THEN_LATIN, '$1 ').replace(LATIN_THEN_HAN, '$1 ')))
    .join('');
}

/** `@vscode/l10n`'s `t`, spaced for Chinese in Simplified Chinese. */
const untyped = vscodeL10n.t as (...args: unknown[]) => string;
export const t = ((...args: unknown[]) => {
  const text = untyped(...args);
  return currentLocale() === 'zh-cn' ? spaceChinese(text) : text;
}) as typeof vscodeL10n.t;
