/**
 * Simplified Chinese (issue #20): every string the code localizes has a zh-cn entry and every entry is
 * used; every finding of every rule fixture reads in Chinese under zh-cn (so a message built outside
 * l10n.t fails here); the NP1xx messages keep the API server's English text verbatim.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeText, catalogueOf, docsUrl, localeOf, localeOfEnvironment, normalizeSettings, ruleDescription, RULES, setLocale, sourceText } from '../../server/src/engine';
import type { Analysis } from '../../server/src/engine';
import * as l10n from '../../server/src/engine/l10n/t';
import { spaceChinese } from '../../server/src/engine/l10n/t';
import { noKindMatch } from '../../server/src/engine/rules/wrong-api-version';
import { caseDirs, FIXTURES, loadCase, workspaceOf } from '../support/fixtures';
import { extractLocalizedStrings, placeholders, schemaDocs } from '../support/l10nKeys';
import { analyzeCase, loadRuleCases } from '../support/ruleCases';
import { parseArgsMessage } from '../../server/src/cli/usage';

const HAN = /\p{Script=Han}/u;
/**
 * An English text with no word of its own (`{0}, {1}`, `, `, the field path `expect[{0}].port: {1}`, the
 * option `--config {0}: {1}`, code such as the default `` `TCP` ``): its translation needs no Chinese character.
 */
const NO_WORDS = (message: string) =>
  !/[A-Za-z]/.test(
    message
      .replace(/\{[^}]+\}/g, '')
      .replace(/--[a-z][a-z-]*/g, '')
      .replace(/`[^`]*`/g, '')
      .replace(/expect\[\]/g, '')
      .replace(/\.port\b/g, ''),
  );

after(() => setLocale('en'));

describe('zh-cn catalogue (l10n/bundle.l10n.zh-cn.json)', () => {
  const { strings, dynamic } = extractLocalizedStrings();
  const catalogue = catalogueOf('zh-cn');

  it('finds the localized strings of the server, the CLI and the client', () => {
    assert.ok(strings.length > 200, `only ${strings.length} l10n.t calls found`);
    assert.ok(strings.some((s) => s.at.startsWith('client/src/')), 'the client localizes with vscode.l10n.t');
  });

  it('every l10n.t call has a literal message (else its key cannot be in the catalogue)', () => {
    assert.deepEqual(dynamic, []);
  });

  it('every message, fix title, hover and lens string has a zh-cn entry', () => {
    const missing = [...new Set(strings.filter((s) => !catalogue[s.key]).map((s) => `${s.at}: ${s.key}`))];
    assert.deepEqual(missing, []);
  });

  it('every entry of the catalogue is used', () => {
    const used = new Set(strings.map((s) => s.key));
    assert.deepEqual(Object.keys(catalogue).filter((key) => !used.has(key)), []);
  });

  it('every entry has the placeholders of its English text, and reads in Chinese', () => {
    for (const s of strings) {
      const zh = catalogue[s.key];
      if (zh === undefined) continue;
      assert.deepEqual(placeholders(zh), placeholders(s.message), `${s.at}: ${s.key} -> ${zh}`);
      if (!NO_WORDS(s.message)) assert.match(zh, HAN, `${s.at}: ${s.key} -> ${zh}`);
    }
  });
});

describe('rule descriptions (meta.description: the rules table, SARIF shortDescription)', () => {
  const keys = new Set(extractLocalizedStrings().strings.map((s) => s.key));

  it('the extractor sees every rule\'s description, so the catalogue test covers it', () => {
    assert.deepEqual(RULES.filter((r) => !keys.has(r.meta.description)).map((r) => r.meta.code), []);
  });

  it('every rule\'s description reads in Chinese under zh-cn, in English by default', () => {
    setLocale('zh-cn');
    const untranslated = RULES.filter((r) => ruleDescription(r.meta) === r.meta.description || !HAN.test(ruleDescription(r.meta))).map((r) => r.meta.code);
    assert.equal(ruleDescription(RULES.find((r) => r.meta.code === 'NP301')!.meta), '策略的 policyTypes 中没有 Egress，其中的 egress 规则永远不会生效。');
    setLocale('en');
    assert.deepEqual(untranslated, []);
    for (const { meta } of RULES) assert.equal(ruleDescription(meta), meta.description);
  });
});

describe('field docs in hovers and completion (types.go, the ClusterNetworkPolicy CRDs)', () => {
  const docs = schemaDocs();

  it('finds the docs of every NetworkPolicy field, enum value and CRD property', () => {
    assert.ok(docs.filter((d) => d.at.startsWith('server/src/engine/validation/schema.ts')).length > 60, 'types.go docs');
    assert.ok(docs.filter((d) => d.at.includes('clusterNetworkPolicy.experimental')).length > 50, 'CRD descriptions');
    assert.ok(docs.some((d) => d.key === 'ProtocolUDP is the UDP protocol.'), 'enum value docs');
  });

  it('every doc a hover or completion shows reads in Chinese under zh-cn', () => {
    setLocale('zh-cn');
    const untranslated = docs.filter((d) => sourceText(d.key) === d.key && !NO_WORDS(d.key)).map((d) => `${d.at}: ${d.key.slice(0, 60)}`);
    const notChinese = docs.filter((d) => !NO_WORDS(d.key) && !HAN.test(sourceText(d.key))).map((d) => d.at);
    setLocale('en');
    assert.deepEqual([...new Set(untranslated)], []);
    assert.deepEqual([...new Set(notChinese)], []);
  });
});

describe("Node's parseArgs errors in the user's language (cli/usage.ts)", () => {
  it('translates the forms Node writes, keeping the option as typed; anything else as Node wrote it', () => {
    setLocale('zh-cn');
    try {
      assert.equal(parseArgsMessage({ code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', message: "Option '-f, --format <value>' argument missing" }), '选项“-f, --format <value>”需要一个值');
      const other = { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', message: "Option '--x' is odd in a new way" };
      assert.equal(parseArgsMessage(other), other.message);
      assert.equal(parseArgsMessage({ code: 'ERR_PARSE_ARGS_SOMETHING_NEW', message: "Thing 'a' happened" }), "Thing 'a' happened");
    } finally {
      setLocale('en');
    }
  });
});

describe('extension manifest in Chinese (package.nls.json, package.nls.zh-cn.json)', () => {
  const root = path.join(__dirname, '..', '..');
  const read = (name: string) => JSON.parse(readFileSync(path.join(root, name), 'utf8')) as Record<string, unknown>;
  const manifest = read('package.json') as {
    contributes: { commands: { title: string }[]; configuration: { properties: Record<string, { description?: string; markdownDescription?: string; enumDescriptions?: string[] }> } };
  };
  const english = read('package.nls.json') as Record<string, string>;
  const chinese = read('package.nls.zh-cn.json') as Record<string, string>;
  const shown = [
    ...manifest.contributes.commands.map((c) => c.title),
    ...Object.values(manifest.contributes.configuration.properties).flatMap((p) => [p.description, p.markdownDescription, ...(p.enumDescriptions ?? [])]),
  ].filter((text): text is string => text !== undefined);
  const keys = [...readFileSync(path.join(root, 'package.json'), 'utf8').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);

  it('every command title, setting description and enum description is a %key%', () => {
    assert.ok(shown.length > 20);
    assert.deepEqual(shown.filter((text) => !/^%[^%]+%$/.test(text)), []);
  });

  it('every key has its English and Chinese text, and each file has no other key', () => {
    assert.deepEqual(keys.filter((key) => !english[key] || !chinese[key]), []);
    assert.deepEqual(Object.keys(english).sort(), [...new Set(keys)].sort());
    assert.deepEqual(Object.keys(chinese).sort(), [...new Set(keys)].sort());
    for (const key of keys) assert.match(chinese[key]!, HAN, key);
  });

  it('the .vsix carries the translations', () => {
    const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    for (const line of ['!l10n/**', '!package.nls.json', '!package.nls.*.json']) assert.ok(ignore.split('\n').includes(line), line);
    assert.equal((read('package.json') as { l10n?: string }).l10n, './l10n');
  });
});

/** The fixed sections of a rule page and their names in docs/zh-cn/rules (see docs/zh-cn/glossary.md). */
const SECTION_NAMES: Readonly<Record<string, string>> = {
  'When it fires': '何时触发',
  'When it does not fire': '何时不触发',
  Sources: '来源',
  Example: '示例',
  'Why it matters': '为什么重要',
  Why: '为什么',
  Fix: '修复',
  Fixes: '修复',
  'What it reports': '报告什么',
  'Known problems': '已知问题',
};
/** A page's fenced code blocks, each without its `#` comments and trailing spaces. */
function codeBlocks(page: string): string[] {
  return [...page.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) =>
    m[1]!
      .split('\n')
      .map((line) => line.replace(/(^|\s)#.*$/, '').trimEnd())
      .filter((line) => line !== '')
      .join('\n'),
  );
}

describe('Chinese documentation', () => {
  const root = path.join(__dirname, '..', '..');
  const readme = readFileSync(path.join(root, 'README.zh-CN.md'), 'utf8');

  for (const { meta } of RULES) {
    it(`${meta.code} has docs/zh-cn/rules/${meta.code}.md, in Chinese, with its sources`, () => {
      const text = readFileSync(path.join(root, 'docs', 'zh-cn', 'rules', `${meta.code}.md`), 'utf8');
      assert.equal(text.split('\n')[0], `# ${meta.code} ${meta.name}`);
      assert.match(text, new RegExp(`\\*\\*默认严重程度：\\*\\* ${meta.defaultSeverity}\\b`));
      assert.match(text, /^## 何时不触发$/m, 'says when the rule stays quiet');
      assert.match(text, /^## 来源$/m, 'cites its sources');
      assert.ok(text.includes(`(../../rules/${meta.code}.md)`), 'links the English page');
      const english = readFileSync(path.join(root, 'docs', 'rules', `${meta.code}.md`), 'utf8');
      const sources = /^## Sources\n([\s\S]*?)(?=^## |$(?![\s\S]))/m.exec(english)![1]!.trim().replace(/\]\(\.\.\//g, '](../../');
      assert.ok(text.includes(sources), 'the same sources as the English page');
    });

    it(`${meta.code}'s Chinese page is the whole English page: sections, examples, cases`, () => {
      const text = readFileSync(path.join(root, 'docs', 'zh-cn', 'rules', `${meta.code}.md`), 'utf8');
      const english = readFileSync(path.join(root, 'docs', 'rules', `${meta.code}.md`), 'utf8');
      const headings = (page: string) => [...page.matchAll(/^## (.*)$/gm)].map((m) => m[1]!.trim());
      const en = headings(english);
      const zh = headings(text);
      assert.equal(zh.length, en.length, `the same sections as the English page (${en.join(', ')}): ${zh.join(', ')}`);
      en.forEach((heading, i) => {
        const expected = SECTION_NAMES[heading];
        if (expected) assert.equal(zh[i], expected, `section ${i + 1} "${heading}" is "${expected}"`);
      });
      assert.match(text, /\*\*可修复：\*\* (是|否)/);
      // Examples are the English page's, character for character but for their `#` comments (translated).
      assert.deepEqual(codeBlocks(text), codeBlocks(english), 'the same examples as the English page');
      // The bullets name the test cases they are checked by, as on the English page.
      for (const marker of english.match(/<!-- cases?:[^>]*-->/g) ?? []) assert.ok(text.includes(marker), `keeps ${marker}`);
    });

    it(`${meta.code} is in README.zh-CN.md's rules table`, () => {
      assert.ok(readme.includes(`| [${meta.code}](docs/zh-cn/rules/${meta.code}.md) | ${meta.name} | ${meta.defaultSeverity} |`));
    });
  }

  it('every page in docs/zh-cn/rules belongs to a rule', () => {
    const codes = new Set(RULES.map((r) => r.meta.code));
    for (const file of readdirSync(path.join(root, 'docs', 'zh-cn', 'rules'))) assert.ok(codes.has(file.replace(/\.md$/, '')), file);
  });

  it('README.zh-CN.md gives the same two commands as README.md', () => {
    const commands = (text: string) => [...text.matchAll(/^(npm [^#\n]*?)\s+#/gm)].map((m) => m[1]!.trim()).slice(0, 2);
    const english = commands(readFileSync(path.join(root, 'README.md'), 'utf8'));
    assert.deepEqual(english, ['npm ci && npm start', 'npm test']);
    assert.deepEqual(commands(readme), english);
  });
});

describe('Chinese copy spacing (engine/l10n/t.ts)', () => {
  it('spaces Chinese from Latin words, digits and code, and not from Chinese', () => {
    assert.equal(spaceChinese('策略所在的名字空间 中的 Pod的连接'), '策略所在的名字空间中的 Pod 的连接');
    assert.equal(spaceChinese('名字空间 shop 中的端口53，在 所有端口 上'), '名字空间 shop 中的端口 53，在所有端口上');
    assert.equal(spaceChinese('来自地址 0.0.0.0/0的连接：`spec`中'), '来自地址 0.0.0.0/0 的连接：`spec` 中');
  });

  it('leaves double-quoted values and English alone', () => {
    assert.equal(spaceChinese('不支持的值：Unsupported value: "udp中": supported values: "TCP"'), '不支持的值：Unsupported value: "udp中": supported values: "TCP"');
    assert.equal(spaceChinese('on every port of api'), 'on every port of api');
  });

  it('applies to what l10n.t gives in zh-cn, values filled in', () => {
    setLocale('zh-cn');
    try {
      const every = l10n.t('every port');
      assert.equal(l10n.t('to be denied on {0}', every), '在所有端口上被拒绝');
      assert.equal(l10n.t('to be denied on {0}', 'TCP 80'), '在 TCP 80 上被拒绝');
    } finally {
      setLocale('en');
    }
    assert.equal(l10n.t('to be denied on {0}', 'TCP 80'), 'to be denied on TCP 80');
  });
});

describe('locale selection', () => {
  it('reads BCP 47 tags and POSIX locales', () => {
    assert.equal(localeOf('zh-cn'), 'zh-cn');
    assert.equal(localeOf('zh-CN'), 'zh-cn');
    assert.equal(localeOf('zh-Hans-CN'), 'zh-cn');
    assert.equal(localeOf('zh_CN.UTF-8'), 'zh-cn');
    assert.equal(localeOf('zh'), 'zh-cn');
    assert.equal(localeOf('zh-TW'), 'en');
    assert.equal(localeOf('zh_HK.UTF-8'), 'en');
    assert.equal(localeOf('zh-Hant'), 'en');
    assert.equal(localeOf('en-US'), 'en');
    assert.equal(localeOf('de'), 'en');
    assert.equal(localeOf('C.UTF-8'), undefined);
    assert.equal(localeOf(''), undefined);
    assert.equal(localeOf(undefined), undefined);
  });

  it('takes LC_ALL, then LC_MESSAGES, then LANG', () => {
    assert.equal(localeOfEnvironment({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
    assert.equal(localeOfEnvironment({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }), 'en');
    assert.equal(localeOfEnvironment({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }), 'zh-cn');
    assert.equal(localeOfEnvironment({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }), 'zh-cn');
    assert.equal(localeOfEnvironment({}), 'en');
  });

  it("links each rule to its page in the user's language", () => {
    assert.ok(docsUrl('NP101', 'en').endsWith('/docs/rules/NP101.md'));
    assert.ok(docsUrl('NP101', 'zh-cn').endsWith('/docs/zh-cn/rules/NP101.md'));
  });
});

interface FixtureRun {
  readonly name: string;
  readonly en: Analysis;
  readonly zh: Analysis;
}


function analyseBoth(code: string): FixtureRun[] {
  return caseDirs(path.join(FIXTURES, 'rules', code)).map((dir) => {
    const fixture = loadCase(dir);
    const { settings } = normalizeSettings(fixture.expected.settings);
    setLocale('en');
    const en = analyzeText(fixture.input, { settings, ...workspaceOf(fixture) });
    setLocale('zh-cn');
    const zh = analyzeText(fixture.input, { settings, ...workspaceOf(fixture) });
    setLocale('en');
    return { name: fixture.name, en, zh };
  });
}

/** The rule's cases (test/fixtures/rules/<CODE>/cases.yaml) that fire, analysed in both languages: only their own text's findings. */
function casesBoth(code: string): FixtureRun[] {
  const file = loadRuleCases(code);
  if (!file) return [];
  return file.cases
    .filter((c) => c.fires)
    .map((c) => {
      const { settings } = normalizeSettings({ ...file.settings, ...c.settings });
      setLocale('en');
      const en = analyzeCase(c, settings)[0]!;
      setLocale('zh-cn');
      const zh = analyzeCase(c, settings)[0]!;
      setLocale('en');
      return { name: `case ${c.name}`, en, zh };
    });
}

describe('every rule speaks Chinese under zh-cn', () => {
  for (const rule of RULES) {
    const { code } = rule.meta;
    it(`${code}: messages, fix titles and related messages of its fixtures and cases`, () => {
      const runs = [...analyseBoth(code), ...casesBoth(code)];
      assert.ok(runs.some((r) => r.zh.findings.some((f) => f.code === code)), `${code} fires in some fixture or case`);
      for (const { name, en, zh } of runs) {
        assert.deepEqual(
          zh.findings.map((f) => `${f.code} ${f.span.join('-')} ${f.fixes.length}`),
          en.findings.map((f) => `${f.code} ${f.span.join('-')} ${f.fixes.length}`),
          `${name}: the same findings in both languages`,
        );
        for (const f of zh.findings) {
          assert.match(f.message, HAN, `${name}: ${f.code} message: ${f.message}`);
          for (const fix of f.fixes) assert.match(fix.title, HAN, `${name}: ${f.code} fix title: ${fix.title}`);
          for (const r of f.related ?? []) assert.match(r.message, HAN, `${name}: ${f.code} related: ${r.message}`);
        }
      }
    });
  }
});

/** The API server's (or kubectl's) own text in an English NP1xx message. */
function apiText(code: string, english: string): string {
  if (code === 'NP108') {
    const version = /in version "([^"]*)"/.exec(english)?.[1];
    assert.ok(version !== undefined, english);
    return noKindMatch(version);
  }
  return english;
}

describe('NP1xx: the API server text stays verbatim inside the Chinese', () => {
  const apiRules = RULES.filter((r) => /^NP1\d\d$/.test(r.meta.code));
  it('covers every NP1xx rule', () => assert.ok(apiRules.length >= 13));
  for (const rule of apiRules) {
    const { code } = rule.meta;
    it(`${code}: each zh-cn message contains its English API text`, () => {
      let seen = 0;
      for (const { name, en, zh } of analyseBoth(code)) {
        en.findings.forEach((f, i) => {
          if (f.code !== code) return;
          seen++;
          const text = apiText(code, f.message);
          const chinese = zh.findings[i]!.message;
          assert.ok(chinese.includes(text), `${name}: "${chinese}" lacks "${text}"`);
          assert.notEqual(chinese, text, `${name}: the sentence around it is Chinese`);
        });
      }
      assert.ok(seen > 0, `${code} has fixtures that fire`);
    });
  }

  it("the validation corpus: every error kubectl prints is found verbatim in a zh-cn message", () => {
    const dir = path.join(FIXTURES, 'validation-corpus', 'invalid');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      const text = readFileSync(path.join(dir, name), 'utf8');
      const lines = readFileSync(path.join(dir, name.replace(/\.yaml$/, '.errors.txt')), 'utf8').split('\n').filter(Boolean);
      setLocale('zh-cn');
      const found = analyzeText(text).findings.map((f) => `${f.field}: ${f.message}`);
      setLocale('en');
      for (const line of lines) {
        const colon = line.indexOf(': ');
        const [field, body] = [line.slice(0, colon), line.slice(colon + 2)];
        assert.ok(
          found.some((f) => f.startsWith(`${field}: `) && f.includes(body)),
          `${name}: no zh-cn message for ${field} holds "${body}"`,
        );
      }
    }
  });
});
