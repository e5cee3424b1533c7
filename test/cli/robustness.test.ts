/**
 * The CLI on hostile file systems and interrupted fixes: it never hangs, reports what it could not
 * read (exit 2), and a file it fixes holds either the old bytes or the new ones, never half.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ChangedOnDiskError, writeFileAtomic } from '../../server/src/cli/fix';
import { ensureBuilt, ROOT } from '../support/misuseClient';

const CLI = path.join(ROOT, 'dist', 'cli.js');

const POLICY = `# deny all egress: NP201 adds the DNS rule
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny   # trailing comment
  labels: {team: web, tier: "front"}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes:
  - Egress
`;

const temp = mkdtempSync(path.join(os.tmpdir(), 'netpol-lens-cli-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function dir(name: string): string {
  const d = path.join(temp, name);
  mkdirSync(d, { recursive: true });
  return d;
}

function run(args: string[], options: { uid?: number; gid?: number; input?: string | Buffer } = {}) {
  ensureBuilt();
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, ...options });
  assert.equal(result.error, undefined, `the CLI did not finish: ${String(result.error)}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI on files it cannot or should not read', { timeout: 120_000 }, () => {
  it('refuses a named pipe without blocking on it', () => {
    const d = dir('fifo');
    spawnSync('mkfifo', [path.join(d, 'pipe.yaml')]);
    writeFileSync(path.join(d, 'ok.yaml'), POLICY);
    // Named on the command line: refused with a message. Met in a directory walk: passed over.
    const named = run(['check', path.join(d, 'pipe.yaml'), path.join(d, 'ok.yaml')]);
    assert.equal(named.status, 2);
    assert.match(named.stderr, /pipe\.yaml: skipped: a named pipe, not a regular file/);
    assert.match(named.stdout, /ok\.yaml:10:5 {2}warning/);
    const walked = run(['check', d]);
    assert.equal(walked.status, 0);
    assert.match(walked.stdout, /ok\.yaml:10:5 {2}warning/);
  });

  it('refuses a socket', async () => {
    const d = dir('socket');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path.join(d, 'sock.yaml'), resolve));
    try {
      const { status, stderr } = run(['check', path.join(d, 'sock.yaml')]);
      assert.equal(status, 2);
      assert.match(stderr, /sock\.yaml: (skipped: a socket|cannot read \(ENXIO\))/);
    } finally {
      server.close();
    }
  });

  it('reports a file it has no permission to read (run as nobody), and checks the others', () => {
    const d = dir('eacces');
    chmodSync(temp, 0o755);
    chmodSync(d, 0o755);
    writeFileSync(path.join(d, 'secret.yaml'), POLICY, { mode: 0o000 });
    writeFileSync(path.join(d, 'open.yaml'), POLICY, { mode: 0o644 });
    const { status, stderr, stdout } = run(['check', d], { uid: 65534, gid: 65534 });
    assert.equal(status, 2);
    assert.match(stderr, /secret\.yaml: cannot read \(EACCES\)/);
    assert.match(stdout, /open\.yaml:10:5/);
  });

  it('walks a directory with symbolic link loops and reports the looping files', () => {
    const d = dir('loops');
    symlinkSync('.', path.join(d, 'self'));
    symlinkSync('..', path.join(d, 'parent'));
    symlinkSync('b.yaml', path.join(d, 'a.yaml'));
    symlinkSync('a.yaml', path.join(d, 'b.yaml'));
    writeFileSync(path.join(d, 'c.yaml'), POLICY);
    const { status, stderr, stdout } = run(['check', d]);
    assert.equal(status, 2);
    assert.match(stderr, /a\.yaml: cannot read \(ELOOP\)/);
    assert.match(stderr, /b\.yaml: cannot read \(ELOOP\)/);
    assert.match(stdout, /c\.yaml:10:5/);
    assert.match(run(['check', path.join(d, 'a.yaml')]).stderr, /a\.yaml: symbolic link loop/);
  });

  it('takes a directory named like a manifest as a directory', () => {
    const d = dir('dir.yaml');
    writeFileSync(path.join(d, 'inner.yaml'), POLICY);
    assert.match(run(['check', d]).stdout, /inner\.yaml:10:5/);
  });

  it('checks binary and non-YAML files without complaint', () => {
    const d = dir('binary');
    writeFileSync(path.join(d, 'image.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe, 0x00, 0x7b]));
    writeFileSync(path.join(d, 'README.md'), '# Not YAML: {{ at all ]]\n');
    writeFileSync(path.join(d, 'nul.yaml'), POLICY.replace('name: deny', 'name: de\0ny'));
    const { status, stdout } = run(['check', path.join(d, 'image.yaml'), path.join(d, 'README.md'), path.join(d, 'nul.yaml')]);
    assert.ok(status === 0 || status === 1, `exit ${status}`);
    assert.doesNotMatch(stdout, /image\.yaml|README\.md/);
  });
});

describe('CLI and Kustomize patches', { timeout: 60_000 }, () => {
  const patch = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
spec:
  policyTypes:
  - Egress
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/8
`;

  it('a file a kustomization lists under patches is partial: no finding about what it leaves out', () => {
    const d = dir('kustomize/overlay');
    writeFileSync(path.join(d, 'np-patch.yaml'), patch);
    writeFileSync(path.join(d, 'not-listed.yaml'), patch);
    mkdirSync(path.join(d, 'patches'));
    writeFileSync(path.join(d, 'patches', 'deeper.yaml'), patch);
    writeFileSync(path.join(d, 'kustomization.yaml'), 'resources: [../base]\npatches:\n- path: np-patch.yaml\n- path: patches/deeper.yaml\n  target: {kind: NetworkPolicy}\n');
    const { stdout } = run(['check', d]);
    assert.doesNotMatch(stdout, /np-patch\.yaml|deeper\.yaml/);
    assert.match(stdout, /not-listed\.yaml:7:5 {2}warning .* NP201/);
  });

  it('the older patchesStrategicMerge list counts too; an unreadable kustomization counts for nothing', () => {
    const d = dir('kustomize/old');
    writeFileSync(path.join(d, 'np.yaml'), patch);
    writeFileSync(path.join(d, 'kustomization.yml'), 'patchesStrategicMerge:\n- np.yaml\n');
    assert.doesNotMatch(run(['check', d]).stdout, /NP201/);
    writeFileSync(path.join(d, 'kustomization.yml'), 'patchesStrategicMerge: &a [*a\n\0');
    assert.match(run(['check', d]).stdout, /np\.yaml:7:5/);
  });
});

describe('CLI --fix keeps bytes it does not own', { timeout: 120_000 }, () => {
  it('a second --fix changes nothing; comments, key order and formatting survive byte for byte', () => {
    const d = dir('twice');
    const file = path.join(d, 'policy.yaml');
    const original = POLICY.replace(/\n/g, '\r\n');
    writeFileSync(file, original);
    assert.equal(run(['check', '--fix', file]).status, 0);
    const once = readFileSync(file, 'utf8');
    // Everything the fix did not add is still there, in order: the original is a prefix of the result
    // (the DNS rule is appended at the end of the spec), with the file's CRLF line breaks.
    assert.ok(once.startsWith(original), once);
    assert.doesNotMatch(once.slice(original.length).replace(/\r\n/g, ''), /\n|\r/);
    run(['check', '--fix', file]);
    assert.equal(readFileSync(file, 'utf8'), once);
  });

  it('keeps a byte order mark, and reports the same columns as without it', () => {
    const d = dir('bom');
    const plain = path.join(d, 'plain.yaml');
    const bom = path.join(d, 'bom.yaml');
    writeFileSync(plain, POLICY);
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POLICY)]));
    const json = (file: string) => (JSON.parse(run(['check', '--format', 'json', file]).stdout) as { results: { diagnostics: unknown[] }[] }).results[0]!.diagnostics;
    assert.equal(json(plain).length, 1);
    assert.deepEqual(json(bom), json(plain));
    run(['check', '--fix', bom]);
    const fixed = readFileSync(bom);
    assert.deepEqual([...fixed.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(fixed.subarray(3).toString('utf8').startsWith(POLICY));
  });

  it('never writes a file that is not valid UTF-8', () => {
    const d = dir('latin1');
    const file = path.join(d, 'policy.yaml');
    const bytes = Buffer.concat([Buffer.from(POLICY.replace('# deny', '# d\xe9ny'), 'latin1')]);
    writeFileSync(file, bytes);
    const { stderr, stdout } = run(['check', '--fix', file]);
    assert.match(stderr, /not valid UTF-8; checked with the bad bytes replaced \(U\+FFFD\), and not fixed/);
    assert.match(stdout, /NP201/);
    assert.deepEqual(readFileSync(file), bytes);
  });

  it('follows a symbolic link: the link stays, its target is fixed', () => {
    const d = dir('link');
    writeFileSync(path.join(d, 'target.yaml'), POLICY);
    symlinkSync('target.yaml', path.join(d, 'link.yaml'));
    run(['check', '--fix', path.join(d, 'link.yaml')]);
    assert.equal(spawnSync('readlink', [path.join(d, 'link.yaml')], { encoding: 'utf8' }).stdout.trim(), 'target.yaml');
    assert.match(readFileSync(path.join(d, 'target.yaml'), 'utf8'), /k8s-app: kube-dns/);
  });

  it('does not write over a file that changed after it was read', async () => {
    const d = dir('changed');
    const file = path.join(d, 'policy.yaml');
    writeFileSync(file, 'old');
    const read = readFileSync(file);
    writeFileSync(file, 'edited by someone else');
    await assert.rejects(writeFileAtomic(file, 'fixed', read), ChangedOnDiskError);
    assert.equal(readFileSync(file, 'utf8'), 'edited by someone else');
    assert.deepEqual(readdirSync(d), ['policy.yaml']);
  });

  it('killed at any moment, leaves each file either as it was or fully fixed', async () => {
    ensureBuilt();
    const d = dir('killed');
    const big = Array.from({ length: 60 }, (_, i) => POLICY.replace('name: deny', `name: deny-${i}`)).join('---\n');
    const files = Array.from({ length: 6 }, (_, i) => path.join(d, `p${i}.yaml`));
    const changed = () => files.some((file) => readFileSync(file, 'utf8') !== big);
    let fixedText: string | undefined;
    let oldSeen = 0;
    for (let round = 0; round < 6; round++) {
      for (const file of files) writeFileSync(file, big);
      const child = spawn(process.execPath, [CLI, 'check', '--fix', d], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      // Kill once the first file has been written, plus a little more each round: mid-run whatever
      // the machine's speed, landing at different points of the next file's work.
      while (child.exitCode === null && !changed()) await new Promise((resolve) => setTimeout(resolve, 2));
      await new Promise((resolve) => setTimeout(resolve, round * 40));
      child.kill('SIGKILL');
      await exited;
      for (const file of files) {
        const now = readFileSync(file, 'utf8');
        if (now === big) {
          oldSeen++;
          continue;
        }
        fixedText ??= now;
        assert.equal(now, fixedText, `${path.basename(file)} is neither the old nor the fixed text (round ${round})`);
      }
    }
    // Both outcomes were seen, so the kills did land in the middle of runs; and the new text is the fix.
    assert.ok(oldSeen > 0 && fixedText !== undefined, `old files seen: ${oldSeen}, fixed: ${fixedText !== undefined}`);
    assert.ok(fixedText.includes('k8s-app: kube-dns'));
    // Temporary files (left by a kill) never pose as manifests.
    assert.ok(readdirSync(d).every((name) => /^p\d\.yaml$/.test(name) || /^\.p\d\.yaml\.netpol-lens-\d+\.tmp$/.test(name)));
  });

});
