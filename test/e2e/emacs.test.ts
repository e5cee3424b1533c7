/**
 * A third client: Debian's Emacs 28 with its elpa-eglot (1.9) and elpa-yaml-mode, run headless
 * (`emacs --batch`). test/e2e/emacs/eglot-check.el evaluates the eglot setup exactly as
 * docs/other-editors.md shows it, opens the seed policy without its DNS rule in yaml-mode, and reports
 * what flymake shows. Needs `npm run build` and Emacs (scripts/e2e/setup.sh installs it).
 */
import assert from 'node:assert/strict';
import { chmodSync, closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { Finding } from '../../server/src/engine';
import { e2ePaths, REPO, runDir, sandboxEnv } from './support/paths';
import { spawnGroupLeader } from './support/processGroup';
import type { GroupLeader } from './support/processGroup';
import { serverView } from './support/serverLogic';
import { within } from './support/wait';

const SERVER = path.join(REPO, 'dist', 'server.js');
const FIXTURE = path.join(__dirname, 'fixtures', 'workspace', 'dns-missing.yaml');
const EGLOT_CHECK = path.join(__dirname, 'emacs', 'eglot-check.el');
const DOC = path.join(REPO, 'docs', 'other-editors.md');

/** Flymake's diagnostic type for each of the engine's severities (eglot 1.9: 1 error, 2 warning, else note). */
const EGLOT_TYPE: Record<Finding['severity'], string> = { error: 'eglot-error', warning: 'eglot-warning', information: 'eglot-note', hint: 'eglot-note' };

interface FlymakeDiagnostic {
  line: number;
  type: string;
  text: string;
}

/** The elisp block of the doc's "Emacs (eglot)" section. */
function docSnippet(): string {
  const section = readFileSync(DOC, 'utf8').split(/^## /m).find((s) => s.startsWith('Emacs (eglot)'));
  const block = section && /```elisp\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`no elisp block in the "Emacs (eglot)" section of ${DOC}`);
  return block;
}

describe('NetPol Lens server in Emacs (eglot, headless), set up as docs/other-editors.md says', { timeout: 60_000 }, () => {
  let emacs: GroupLeader | undefined;

  afterEach(async () => {
    await emacs?.stop();
    emacs = undefined;
  });

  /** Runs eglot-check.el with `snippet` as the user's setup, until a diagnostic containing `waitFor` shows. */
  async function runEmacs(name: string, snippet: string, waitFor: string): Promise<{ diagnostics: FlymakeDiagnostic[]; log: string; file: string }> {
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run npm run build first`);
    const paths = e2ePaths();
    assert.ok(paths.emacs, 'setup.sh found no emacs: run scripts/e2e/setup.sh');
    const dir = runDir(paths.cache, `emacs-${name}`);
    rmSync(dir, { recursive: true, force: true });
    const sandbox = sandboxEnv(dir);
    // The snippet starts `netpol-lens-server`, the package's bin entry: here, the built server.
    const bin = path.join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'netpol-lens-server'), `#!/bin/sh\nexec '${process.execPath}' '${SERVER}' "$@"\n`);
    chmodSync(path.join(bin, 'netpol-lens-server'), 0o755);
    const file = path.join(dir, 'workspace', 'dns-missing.yaml');
    cpSync(FIXTURE, file);
    const snippetFile = path.join(dir, 'init.el');
    writeFileSync(snippetFile, snippet);
    const out = path.join(dir, 'result.json');
    const log = path.join(dir, 'emacs.log');
    const logFd = openSync(log, 'w');
    emacs = spawnGroupLeader(paths.emacs, ['--batch', '--no-site-file', '-l', EGLOT_CHECK], {
      cwd: path.dirname(file),
      env: {
        ...process.env,
        ...sandbox,
        HOME: dir,
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        NETPOL_SNIPPET: snippetFile,
        NETPOL_FILE: file,
        NETPOL_OUT: out,
        NETPOL_WAIT_FOR: waitFor,
        NETPOL_TIMEOUT_S: '30',
      },
      stdio: ['ignore', logFd, logFd],
    });
    closeSync(logFd);
    const code = await within('emacs to finish eglot-check.el', emacs.exited, 45_000);
    const stderr = readFileSync(log, 'utf8');
    const result = JSON.parse(readFileSync(out, 'utf8')) as { error?: string; managed?: boolean; diagnostics?: FlymakeDiagnostic[] };
    assert.equal(result.error, undefined, `eglot-check.el failed: ${result.error}\n${stderr}`);
    assert.equal(code, '0', `emacs exited cleanly:\n${stderr}`);
    assert.equal(result.managed, true, `eglot manages the buffer:\n${stderr}`);
    return { diagnostics: result.diagnostics ?? [], log: stderr, file };
  }

  async function expected(file: string, netpolLens: unknown): Promise<FlymakeDiagnostic[]> {
    const { findings } = await serverView(path.dirname(file), path.basename(file), { text: readFileSync(FIXTURE, 'utf8'), netpolLens });
    return sorted(findings.map((f) => ({ line: f.range.start.line, type: EGLOT_TYPE[f.severity], text: `netpol-lens [${f.code}]: ${f.message}` })));
  }

  function sorted(diagnostics: FlymakeDiagnostic[]): FlymakeDiagnostic[] {
    return [...diagnostics].sort((a, b) => a.line - b.line || a.text.localeCompare(b.text));
  }

  it('shows the server\'s diagnostics in flymake, NP201 with the severity the snippet configures, and no eglot warning', async () => {
    const snippet = docSnippet();
    assert.match(snippet, /:NP201 "warning"/, 'the doc configures NP201 as a warning');
    const { diagnostics, log, file } = await runEmacs('doc', snippet, '[NP201]');
    assert.deepEqual(sorted(diagnostics), await expected(file, { rules: { NP201: 'warning' } }));
    assert.ok(diagnostics.some((d) => d.type === 'eglot-warning' && d.text.startsWith('netpol-lens [NP201]')));
    assert.doesNotMatch(log, /unsupported capability|Warning \(eglot\)/, 'eglot does not warn about the server');
  });

  it('answers workspace/configuration from eglot-workspace-configuration: NP201 as an error', async () => {
    const snippet = docSnippet().replace(':NP201 "warning"', ':NP201 "error"');
    const { diagnostics, file } = await runEmacs('error', snippet, '[NP201]');
    assert.deepEqual(sorted(diagnostics), await expected(file, { rules: { NP201: 'error' } }));
    assert.ok(diagnostics.some((d) => d.type === 'eglot-error' && d.text.startsWith('netpol-lens [NP201]')));
  });
});
