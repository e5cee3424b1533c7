import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../../server/src/engine';

const DOCS = path.join(__dirname, '..', '..', '..', 'docs');

describe('NP1xx docs', () => {
  for (const rule of RULES.filter((r) => r.meta.code.startsWith('NP1'))) {
    it(`${rule.meta.code} has a page naming the rule and its upstream source`, () => {
      const page = path.join(DOCS, 'rules', `${rule.meta.code}.md`);
      assert.ok(existsSync(page), `docs/rules/${rule.meta.code}.md`);
      const text = readFileSync(page, 'utf8');
      assert.ok(text.startsWith(`# ${rule.meta.code} ${rule.meta.name}\n`));
      assert.match(text, /## Upstream/);
      assert.ok(readFileSync(path.join(DOCS, 'validation.md'), 'utf8').includes(`[${rule.meta.code}](rules/${rule.meta.code}.md)`));
    });
  }
});
