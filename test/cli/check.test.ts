/** `netpol-lens check` as CI runs it: the built dist/cli.js, its formats, --fix and exit codes. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = path.join(__dirname, '..', '..');
const CLI = path.join(root, 'dist', 'cli.js');
const fixtures = path.join(root, 'test', 'fixtures', 'rules', 'NP201');
const withoutDns = readFileSync(path.join(fixtures, 'seed-without-dns-rule', 'input.yaml'), 'utf8');
const seedTemplate = readFileSync(path.join(fixtures, 'seed-template-is-fine', 'input.yaml'), 'utf8');
/** Another correct policy, for other pods: the files are checked together, as one workspace. */
const webPolicy = seedTemplate.replace('name: deny-external-egress', 'name: web-egress').replace('app: restricted-app', 'app: web');

// The seed policy is named deny-external-egress, so NP403 explains (information) that it denies the
// cluster too; that rule has its own fixtures, and these tests follow NP201 through the CLI.
const QUIET = ['--rule', 'NP403=off'];

function run(args: string[], options: { cwd: string; input?: string }) {
  const withQuiet = args[0] === 'check' ? ['check', ...QUIET, ...args.slice(1)] : args;
  const result = spawnSync(process.execPath, [CLI, ...withQuiet], { cwd: options.cwd, input: options.input ?? '', encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const MESSAGE =
  "Egress from pods app=restricted-app in the policy's namespace is denied except where a rule allows it, and no rule allows DNS " +
  '(pods k8s-app=kube-dns in namespace kube-system on port 53, UDP and TCP): these pods cannot resolve names.';

describe('netpol-lens check', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-cli-'));
    mkdirSync(path.join(dir, 'policies', 'node_modules'), { recursive: true });
    writeFileSync(path.join(dir, 'policies', 'deny.yaml'), withoutDns);
    writeFileSync(path.join(dir, 'policies', 'ok.yml'), webPolicy);
    writeFileSync(path.join(dir, 'policies', 'notes.txt'), withoutDns);
    writeFileSync(path.join(dir, 'policies', 'node_modules', 'vendored.yaml'), withoutDns);
    writeFileSync(path.join(dir, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('text: file:line:col  severity  message  code, 1-based, then a summary; warnings exit 0', () => {
    const { code, stdout, stderr } = run(['check', 'policies'], { cwd: dir });
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.equal(stdout, `${path.join('policies', 'deny.yaml')}:10:5  warning  ${MESSAGE}  NP201\n1 problem (0 errors, 1 warning), 1 fixable with --fix.\n`);
  });

  it('checks the current directory by default, skipping node_modules and non-YAML files', () => {
    const { stdout } = run(['check', '--format', 'json'], { cwd: dir });
    const files = (JSON.parse(stdout) as { results: { file: string }[] }).results.map((r) => r.file);
    assert.deepEqual(files, ['deployment.yaml', path.join('policies', 'deny.yaml'), path.join('policies', 'ok.yml')]);
  });

  it('json: the stable shape with 0-based LSP positions, field and fixes', () => {
    const { code, stdout } = run(['check', '--format', 'json', 'policies/deny.yaml'], { cwd: dir });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), {
      version: 1,
      results: [
        {
          file: 'policies/deny.yaml',
          diagnostics: [
            {
              code: 'NP201',
              severity: 'warning',
              message: MESSAGE,
              range: { start: { line: 9, character: 4 }, end: { line: 9, character: 10 } },
              field: 'spec.policyTypes[0]',
              fixes: [{ title: 'Add kube-dns egress rule', isPreferred: true }],
            },
          ],
        },
      ],
    });
  });

  it('sarif: SARIF 2.1.0 with rule metadata and the exact region', () => {
    const { code, stdout } = run(['check', '--format', 'sarif', 'policies/deny.yaml'], { cwd: dir });
    assert.equal(code, 0);
    const sarif = JSON.parse(stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string; helpUri: string; shortDescription: { text: string } }[] } };
        results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: unknown } }[] }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0]!;
    assert.equal(run0.tool.driver.name, 'netpol-lens');
    const rule = run0.tool.driver.rules.find((r) => r.id === 'NP201')!;
    assert.equal(rule.helpUri, 'https://github.com/netpol-lens/netpol-lens/blob/main/docs/rules/NP201.md');
    assert.equal(run0.results.length, 1);
    const result = run0.results[0]!;
    assert.equal(result.ruleId, 'NP201');
    assert.equal(result.level, 'warning');
    assert.equal(result.message.text, MESSAGE);
    assert.equal(result.locations[0]!.physicalLocation.artifactLocation.uri, 'policies/deny.yaml');
    assert.deepEqual(result.locations[0]!.physicalLocation.region, { startLine: 10, startColumn: 5, endLine: 10, endColumn: 11 });
  });

  it('--fix writes the preferred fix atomically, and a second run changes nothing', () => {
    const work = path.join(dir, 'fix');
    cpSync(path.join(dir, 'policies'), work, { recursive: true });
    const first = run(['check', '--fix', 'fix/deny.yaml'], { cwd: dir });
    assert.equal(first.code, 0);
    assert.equal(first.stdout, 'Fixed 1 problem.\nNo problems in 1 file.\n');
    assert.equal(readFileSync(path.join(work, 'deny.yaml'), 'utf8'), seedTemplate);
    const second = run(['check', '--fix', 'fix/deny.yaml'], { cwd: dir });
    assert.equal(second.stdout, 'No problems in 1 file.\n');
    assert.equal(readFileSync(path.join(work, 'deny.yaml'), 'utf8'), seedTemplate);
  });

  it('reads standard input with -', () => {
    const { code, stdout } = run(['check', '-'], { cwd: dir, input: withoutDns });
    assert.equal(code, 0);
    assert.match(stdout, /^<stdin>:10:5 {2}warning {2}.* {2}NP201\n/);
  });

  it('exits 1 when a rule reports an error', () => {
    const { code, stdout } = run(['check', '--rule', 'NP201=error', 'policies'], { cwd: dir });
    assert.equal(code, 1);
    assert.match(stdout, /:10:5 {2}error {2}/);
  });

  it('exits 1 with more warnings than --max-warnings, 0 within it', () => {
    assert.equal(run(['check', '--max-warnings', '0', 'policies'], { cwd: dir }).code, 1);
    assert.equal(run(['check', '--max-warnings', '1', 'policies'], { cwd: dir }).code, 0);
  });

  it('turns rules off from a --config file with the editor settings', () => {
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ rules: { 'dns-egress-missing': 'off' } }));
    const { code, stdout } = run(['check', '--config', 'settings.json', 'policies'], { cwd: dir });
    assert.equal(code, 0);
    assert.equal(stdout, 'No problems in 2 files.\n');
  });

  it('exits 2 for usage errors, with a message on stderr', () => {
    for (const args of [['check', '--format', 'xml'], ['check', '--bogus'], ['lint'], ['check', '--rule', 'NP201=loud'], ['check', '--fix', '-']]) {
      const { code, stderr } = run(args, { cwd: dir });
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /^netpol-lens: /);
    }
  });

  it('exits 2 when a path does not exist, still checking the others', () => {
    const { code, stdout, stderr } = run(['check', 'missing.yaml', 'policies/deny.yaml'], { cwd: dir });
    assert.equal(code, 2);
    assert.equal(stderr, 'netpol-lens: missing.yaml: no such file or directory\n');
    assert.match(stdout, /NP201/);
  });

  it('prints its version', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal(run(['--version'], { cwd: dir }).stdout, `${pkg.version}\n`);
  });
});
