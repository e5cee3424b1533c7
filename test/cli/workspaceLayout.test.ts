/**
 * `check` on a folder reads the kustomizations among its files (kustomize's extensionless `Kustomization`
 * too), so NP902 knows which policies are applied together, as the editor's index does.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

const policy = (selector: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: backend\n  namespace: default\nspec:\n  podSelector:\n    matchLabels:\n      run: ${selector}\n  policyTypes:\n  - Ingress\n`;

describe('check: which files are applied together', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-layout-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  const np902 = (folder: string) => {
    const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', folder], { cwd: dir, encoding: 'utf8' });
    const output = JSON.parse(result.stdout) as { results: { file: string; diagnostics: { code: string }[] }[] };
    return output.results.filter((r) => r.diagnostics.some((d) => d.code === 'NP902')).map((r) => r.file);
  };

  it('warns for the resources of an extensionless Kustomization', () => {
    write('kustomized/Kustomization', 'resources:\n- x/a.yaml\n- y/b.yaml\n');
    write('kustomized/x/a.yaml', policy('backend'));
    write('kustomized/y/b.yaml', policy('db'));
    assert.deepEqual(np902('kustomized'), [path.join('kustomized', 'x', 'a.yaml'), path.join('kustomized', 'y', 'b.yaml')]);
  });

  it('says nothing of examples/ beside deploy/', () => {
    write('alternatives/examples/a.yaml', policy('backend'));
    write('alternatives/deploy/b.yaml', policy('db'));
    assert.deepEqual(np902('alternatives'), []);
  });
});
