/**
 * `git:REF` and `git:REF:SUBPATH` arguments: a commit's tree (or a folder or file of it, SUBPATH relative
 * to the repository's top folder, as in `git show REF:SUBPATH`) written to a temporary folder with
 * `git archive`, so that it is read like any other path. Nothing but git and tar is needed.
 */
import * as l10n from '../engine/l10n/t';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InputError } from './usage';

export interface GitSpec {
  readonly ref: string;
  readonly subpath?: string;
}

/** `git:HEAD~1:deploy/` -> { ref: 'HEAD~1', subpath: 'deploy/' }; undefined for a plain path. */
export function parseGitSpec(text: string): GitSpec | undefined {
  if (!text.startsWith('git:')) return undefined;
  const rest = text.slice('git:'.length);
  const colon = rest.indexOf(':');
  const ref = colon < 0 ? rest : rest.slice(0, colon);
  const subpath = colon < 0 ? '' : rest.slice(colon + 1);
  return subpath === '' ? { ref } : { ref, subpath };
}

function git(args: readonly string[], cwd: string): Buffer {
  try {
    return execFileSync('git', args, { cwd, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new InputError(`git ${args.join(' ')}: ${stderr || (error as Error).message}`);
  }
}

export interface CheckedOutTree {
  /** The path to read: the temporary folder, or SUBPATH inside it. */
  readonly path: string;
  /** Writes a path under the temporary folder as the user named it: `git:REF:deploy/policy.yaml`. */
  readonly label: (text: string) => string;
  /** Removes the temporary folder. */
  readonly dispose: () => void;
}

/** Writes the tree of `spec` from the repository of `cwd` to a temporary folder. Bad refs and paths are input errors. */
export function checkOutTree(spec: GitSpec, cwd: string = process.cwd()): CheckedOutTree {
  if (spec.ref === '' || spec.ref.startsWith('-')) throw new InputError(l10n.t('git:{0}: not a revision', spec.ref));
  if (spec.subpath !== undefined && (path.isAbsolute(spec.subpath) || spec.subpath.split(/[\\/]/).includes('..'))) {
    throw new InputError(l10n.t('git:{0}:{1}: the path must be inside the repository', spec.ref, spec.subpath));
  }
  const top = git(['rev-parse', '--show-toplevel'], cwd).toString().trim();
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', `${spec.ref}^{commit}`], top).toString().trim();
  } catch {
    throw new InputError(l10n.t('git:{0}: no such commit in the repository at {1}', spec.ref, top));
  }
  const archive = git(['archive', '--format=tar', commit, ...(spec.subpath !== undefined ? ['--', spec.subpath] : [])], top);
  const dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-git-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync('tar', ['-x', '-C', dir], { input: archive, stdio: ['pipe', 'ignore', 'pipe'] });
  } catch (error) {
    dispose();
    throw new InputError(l10n.t('git:{0}: cannot unpack the tree: {1}', spec.ref, (error as Error).message));
  }
  const label = (text: string) => text.split(`${dir}${path.sep}`).join(`git:${spec.ref}:`).split(dir).join(`git:${spec.ref}:`);
  return { path: spec.subpath !== undefined ? path.join(dir, spec.subpath) : dir, label, dispose };
}
