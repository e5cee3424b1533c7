/** Every rule has its docs page (the page its diagnostics link to) and a row in the README's rules table. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { docsUrl, RULES } from '../../server/src/engine';

const root = path.join(__dirname, '..', '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

describe('rule documentation', () => {
  it('codes and names are unique and well-formed', () => {
    const codes = RULES.map((r) => r.meta.code);
    const names = RULES.map((r) => r.meta.name);
    assert.equal(new Set(codes).size, codes.length);
    assert.equal(new Set(names).size, names.length);
    for (const { code, name } of RULES.map((r) => r.meta)) {
      assert.match(code, /^(NP|CNP|CIL|CAL)\d{3}$/);
      assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  for (const { meta } of RULES) {
    it(`${meta.code} has docs/rules/${meta.code}.md, linked from its diagnostics`, () => {
      const page = path.join(root, 'docs', 'rules', `${meta.code}.md`);
      assert.ok(existsSync(page), `missing ${page}`);
      const text = readFileSync(page, 'utf8');
      assert.equal(text.split('\n')[0], `# ${meta.code} ${meta.name}`);
      assert.match(text, new RegExp(`\\*\\*Default severity:\\*\\* ${meta.defaultSeverity}\\b`));
      assert.match(text, /^## Sources$/m, 'the page cites its sources');
      assert.ok(docsUrl(meta.code).endsWith(`/docs/rules/${meta.code}.md`));
    });

    it(`${meta.code} is in the README's rules table`, () => {
      assert.ok(readme.includes(`[${meta.code}](docs/rules/${meta.code}.md)`), `README lacks [${meta.code}](docs/rules/${meta.code}.md)`);
    });
  }

  it('every page in docs/rules belongs to a rule', () => {
    const codes = new Set(RULES.map((r) => r.meta.code));
    for (const file of readdirSync(path.join(root, 'docs', 'rules'))) {
      assert.ok(codes.has(file.replace(/\.md$/, '')), `docs/rules/${file} has no rule`);
    }
  });
});

describe('documentation links', () => {
  /** Every Markdown file of the repository's documentation, English and Chinese. */
  const pages = [
    'README.md',
    'README.zh-CN.md',
    'CHANGELOG.md',
    ...readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.md'))
      .map((f) => path.join('docs', f)),
  ];

  for (const page of pages) {
    it(`${page}: every relative link names a file that exists`, () => {
      const text = readFileSync(path.join(root, page), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
      const broken = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1]!)
        .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'))
        .filter((target) => !existsSync(path.join(root, path.dirname(page), decodeURIComponent(target.replace(/#.*$/, '')))));
      assert.deepEqual(broken, []);
    });
  }
});

