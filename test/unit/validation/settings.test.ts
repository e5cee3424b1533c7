import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../../server/src/engine';

describe('netpolLens.kubernetesVersion', () => {
  it('defaults to the newest supported minor, 1.36', () => assert.equal(DEFAULT_SETTINGS.kubernetesVersion, '1.36'));
  it('takes 1.33 to 1.36, with or without v and a patch number', () => {
    for (const [raw, version] of [
      ['1.33', '1.33'],
      ['v1.34', '1.34'],
      ['1.35.2', '1.35'],
      [' 1.36 ', '1.36'],
    ])
      assert.deepEqual(normalizeSettings({ kubernetesVersion: raw }), { settings: { ...DEFAULT_SETTINGS, kubernetesVersion: version }, problems: [] });
  });
  it('falls back to the default and names the problem otherwise', () => {
    for (const raw of ['1.32', '1.37', '2.0', 136, null]) {
      const { settings, problems } = normalizeSettings({ kubernetesVersion: raw });
      assert.equal(settings.kubernetesVersion, '1.36');
      assert.deepEqual(problems, ['netpolLens.kubernetesVersion: expected one of 1.33, 1.34, 1.35, 1.36']);
    }
  });
});
