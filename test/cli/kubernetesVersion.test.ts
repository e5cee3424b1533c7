/** `netpol-lens check --kubernetes-version`: which minor's API server validation the CLI mirrors. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-k8s-version-'));
const file = path.join(dir, 'policy.yaml');
writeFileSync(file, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a}\nspec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.1/8}}]}]\n');

function check(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/cli/main.ts'), 'check', '--format', 'json', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The API-server findings (NP1xx) of the run: the ones the version changes. */
const codes = (stdout: string) =>
  (JSON.parse(stdout) as { results: { diagnostics: { code: string; severity: string; field?: string }[] }[] }).results.flatMap((r) =>
    r.diagnostics.filter((d) => d.code.startsWith('NP1')).map((d) => `${d.code} ${d.severity} ${d.field}`),
  );

describe('check --kubernetes-version', () => {
  it('defaults to 1.36: a CIDR with host bits is an error', () => {
    const result = check(file);
    assert.equal(result.status, 1);
    assert.deepEqual(codes(result.stdout), ['NP103 error spec.ingress[0].from[0].ipBlock.cidr']);
  });
  it('1.35: the same CIDR is only the API server warning', () => {
    const result = check('--kubernetes-version', '1.35', file);
    assert.equal(result.status, 0);
    assert.deepEqual(codes(result.stdout), ['NP105 warning spec.ingress[0].from[0].ipBlock.cidr']);
  });
  it('accepts v1.33.4 as 1.33, and the config file key', () => {
    assert.deepEqual(codes(check('--kubernetes-version', 'v1.33.4', file).stdout), ['NP105 warning spec.ingress[0].from[0].ipBlock.cidr']);
    const config = path.join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ kubernetesVersion: '1.34' }));
    assert.deepEqual(codes(check('--config', config, file).stdout), ['NP105 warning spec.ingress[0].from[0].ipBlock.cidr']);
  });
  it('rejects an unsupported version with exit code 2', () => {
    const result = check('--kubernetes-version', '1.20', file);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /netpolLens\.kubernetesVersion: expected one of 1\.33, 1\.34, 1\.35, 1\.36/);
  });
});
