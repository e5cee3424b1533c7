/**
 * The validation corpus: test/fixtures/validation-corpus/valid/*.yaml must yield no NP1xx error;
 * each invalid/<name>.yaml yields exactly the errors in <name>.errors.txt (`field: message` lines,
 * in the API server's order), no more, no fewer.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, findPolicies, parseYamlFile } from '../../../server/src/engine';
import { errorString } from '../../../server/src/engine/validation/fieldErrors';
import { featuresOf } from '../../../server/src/engine/validation/kubernetesVersion';
import { validateNetworkPolicy } from '../../../server/src/engine/validation/networkPolicy';
import { FIXTURES } from '../../support/fixtures';

const CORPUS = path.join(FIXTURES, 'validation-corpus');
const yamlFiles = (dir: string) =>
  readdirSync(path.join(CORPUS, dir))
    .filter((name) => name.endsWith('.yaml'))
    .sort();

/** What a user sees: each NP1xx error as `field: message`. */
function apiErrors(text: string): string[] {
  return analyzeText(text)
    .findings.filter((f) => f.code.startsWith('NP1') && f.severity === 'error')
    .map((f) => `${f.field}: ${f.message}`);
}

const DECODER_MESSAGE = /^[^:]+: (json: |unknown field |duplicate field )/;

describe('validation corpus: valid', () => {
  for (const name of yamlFiles('valid')) {
    it(name, () => {
      const text = readFileSync(path.join(CORPUS, 'valid', name), 'utf8');
      assert.ok(findPolicies(parseYamlFile(text)).length > 0, 'the file holds NetworkPolicies');
      assert.deepEqual(apiErrors(text), []);
    });
  }
});

describe('validation corpus: invalid', () => {
  for (const name of yamlFiles('invalid')) {
    it(name, () => {
      const text = readFileSync(path.join(CORPUS, 'invalid', name), 'utf8');
      const expected = readFileSync(path.join(CORPUS, 'invalid', name.replace(/\.yaml$/, '.errors.txt')), 'utf8').split('\n').filter(Boolean);
      assert.deepEqual([...apiErrors(text)].sort(), [...expected].sort());
      // The validation errors come in the API server's order.
      const file = parseYamlFile(text);
      const ordered = findPolicies(file).flatMap((p) =>
        validateNetworkPolicy(p.source.document, p.source.node, '1.36').errors.map((e) => errorString(e, featuresOf('1.36'))),
      );
      assert.deepEqual(ordered, expected.filter((line) => !DECODER_MESSAGE.test(line)));
    });
  }
});
