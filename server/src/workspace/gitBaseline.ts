/**
 * What a workspace folder's files were at `HEAD` of its git repository, for "Show connectivity changes":
 * the files that differ between `HEAD` and the working tree (modified, deleted, untracked), each with its
 * text at `HEAD` (none when `HEAD` has no such file). Everything else is as on disk.
 *
 * git runs asynchronously (the language server keeps answering meanwhile) and never runs code of the
 * repository's configuration: only rev-parse, ls-tree, ls-files and cat-file run, without fsmonitor, and
 * the working tree is compared with `HEAD` here (no clean filter, diff driver or textconv runs). A
 * repository git cannot read (not one, no commit yet, not a safe directory) gives a reason instead.
 */
import * as l10n from '../engine/l10n/t';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';

/** Options that keep git from running programs named in the repository's own configuration. */
const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', '--no-pager'];

function git(args: readonly string[], cwd: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', [...SAFE, ...args], { cwd, encoding: 'buffer', maxBuffer: 1 << 28, windowsHide: true }, (error, stdout, stderr) => {
      // The message is git's own words; empty when git said nothing (rev-parse --verify --quiet failing).
      if (error) reject(new Error(typeof error.code === 'number' ? stderr.toString().trim() : error.message));
      else resolve(stdout);
    });
  });
}

export interface GitBaseline {
  /** The repository's top folder. */
  readonly top: string;
  /** `HEAD`'s commit. */
  readonly commit: string;
  /** Absolute paths of the folder's files that differ from `HEAD`, with their text at `HEAD` (undefined: not in `HEAD`). */
  readonly changed: ReadonlyMap<string, string | undefined>;
}

export type GitBaselineAnswer = { readonly baseline: GitBaseline } | { readonly none: string };

/** `HEAD`'s commit of the repository holding `folder`, or why there is none (cheap: one git run). */
export async function headCommit(folder: string): Promise<{ top: string; commit: string } | { none: string }> {
  let out: string;
  try {
    out = (await git(['rev-parse', '--show-toplevel', '--verify', '--quiet', 'HEAD^{commit}'], folder)).toString();
  } catch (error) {
    const message = (error as Error).message;
    if (message === '') return { none: l10n.t('the repository of {0} has no commit yet', folder) };
    return { none: /not a git repository/i.test(message) ? l10n.t('{0} is not in a git repository', folder) : l10n.t('git cannot read the repository of {0}: {1}', folder, message.split('\n')[0]!) };
  }
  const [top, commit] = out.split('\n');
  if (!top || !commit) return { none: l10n.t('the repository of {0} has no commit yet', folder) };
  return { top: path.resolve(top), commit };
}

function nulList(buffer: Buffer): string[] {
  return buffer.toString('utf8').split('\0').filter((entry) => entry !== '');
}

/** `git cat-file --batch` in `cwd`: the text of each `commit:./path` (relative to `cwd`), undefined for one that is missing. */
function catFiles(cwd: string, commit: string, paths: readonly string[]): Promise<(string | undefined)[]> {
  if (paths.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE, 'cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file: ${stderr.trim() || `exit ${code}`}`));
      const out = Buffer.concat(chunks);
      const texts: (string | undefined)[] = [];
      let at = 0;
      for (let i = 0; i < paths.length; i++) {
        const eol = out.indexOf(10, at);
        if (eol < 0) return reject(new Error('git cat-file: output cut short'));
        const header = out.subarray(at, eol).toString('utf8');
        at = eol + 1;
        const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!match) {
          texts.push(undefined); // `<object> missing`, or a folder where a file is now
          continue;
        }
        const size = Number(match[2]);
        texts.push(match[1] === 'blob' ? out.subarray(at, at + size).toString('utf8') : undefined);
        at += size + 1;
      }
      resolve(texts);
    });
    // Paths with a newline cannot be asked for on one line: they count as not in HEAD.
    child.stdin.end(paths.map((p) => `${commit}:./${p.includes('\n') ? '\0' : p}\n`).join(''));
  });
}

/** git's name of a blob with this content: its hash of `blob <size>\0<content>` (SHA-1, or SHA-256 in such repositories). */
function blobId(content: Buffer, algorithm: 'sha1' | 'sha256'): string {
  return createHash(algorithm).update(`blob ${content.length}\0`).update(content).digest('hex');
}

/**
 * The files below `folder` that differ from `HEAD`, with their `HEAD` text: files of `HEAD`'s tree whose
 * content on disk (`saved`, by absolute path) is another blob or is gone, and untracked files that are not
 * ignored. Only `wanted` files count; ignored files are left as they are on both sides.
 *
 * The working tree is compared blob by blob here rather than with `git diff`, which would run the clean
 * filters (`filter.<driver>.clean`) that a repository's configuration names: nothing of the repository runs.
 */
export async function gitBaseline(folder: string, saved: ReadonlyMap<string, string>, wanted: (file: string) => boolean): Promise<GitBaselineAnswer> {
  const head = await headCommit(folder);
  if ('none' in head) return head;
  try {
    const [tree, untracked] = await Promise.all([
      // Paths relative to the folder, joined to it as the workspace spells it (git's top may be a real path
      // where the folder goes through a symbolic link).
      git(['ls-tree', '-r', '-z', head.commit, '--', '.'], folder),
      git(['ls-files', '--others', '--exclude-standard', '-z', '--', '.'], folder),
    ]);
    const changed = new Map<string, string | undefined>();
    const differing: string[] = [];
    for (const entry of nulList(tree)) {
      const match = /^\d+ blob ([0-9a-f]+)\t([\s\S]+)$/.exec(entry);
      if (!match) continue; // submodules (commits), and anything else that is no file
      const file = path.join(folder, match[2]!);
      if (!wanted(file)) continue;
      const text = saved.get(file);
      if (text === undefined || blobId(Buffer.from(text, 'utf8'), match[1]!.length === 64 ? 'sha256' : 'sha1') !== match[1]) differing.push(match[2]!);
    }
    const texts = await catFiles(folder, head.commit, differing);
    differing.forEach((p, i) => changed.set(path.join(folder, p), texts[i]));
    for (const p of nulList(untracked)) if (wanted(path.join(folder, p))) changed.set(path.join(folder, p), undefined);
    return { baseline: { ...head, changed } };
  } catch (error) {
    return { none: l10n.t('git cannot compare {0} with HEAD: {1}', folder, (error as Error).message.split('\n')[0]!) };
  }
}
