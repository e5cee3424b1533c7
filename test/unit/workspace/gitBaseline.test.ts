/**
 * gitBaseline: which files of a workspace folder differ from HEAD and their text there, read without running
 * anything the repository's configuration names.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gitBaseline, headCommit } from '../../../server/src/workspace/gitBaseline';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

/** The folder's files as the index holds them: path -> text. */
function saved(folder: string, names: readonly string[]): Map<string, string> {
  return new Map(names.filter((n) => existsSync(path.join(folder, n))).map((n) => [path.join(folder, n), readFileSync(path.join(folder, n), 'utf8')]));
}

const yaml = (file: string) => /\.ya?ml$/.test(file);

describe('gitBaseline', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'netpol-lens-git-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  const repo = path.join(root, 'repo');
  const folder = path.join(repo, 'deploy');
  mkdirSync(path.join(folder, 'sub'), { recursive: true });
  writeFileSync(path.join(folder, 'same.yaml'), 'a: 1\n');
  writeFileSync(path.join(folder, 'edited.yaml'), 'b: 1\n');
  writeFileSync(path.join(folder, 'sub', 'deleted.yaml'), 'c: 1\n');
  writeFileSync(path.join(folder, 'notes.txt'), 'not wanted\n');
  writeFileSync(path.join(repo, 'outside.yaml'), 'd: 1\n');
  writeFileSync(path.join(repo, '.gitignore'), 'ignored.yaml\n');
  // A clean filter that would leave a mark if git ran it while comparing the working tree with HEAD.
  const mark = path.join(root, 'filter-ran');
  writeFileSync(path.join(repo, '.gitattributes'), '*.yaml filter=mark\n');
  git(root, 'init', '-q', 'repo');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'first');
  git(repo, 'config', 'filter.mark.clean', `touch ${JSON.stringify(mark)}; cat`);
  writeFileSync(path.join(folder, 'edited.yaml'), 'b: 2\n');
  unlinkSync(path.join(folder, 'sub', 'deleted.yaml'));
  writeFileSync(path.join(folder, 'new.yaml'), 'e: 1\n');
  writeFileSync(path.join(folder, 'ignored.yaml'), 'f: 1\n');
  writeFileSync(path.join(repo, 'outside.yaml'), 'd: 2\n');
  const names = ['same.yaml', 'edited.yaml', 'sub/deleted.yaml', 'new.yaml', 'ignored.yaml'];

  it('lists the edited, deleted and untracked files of the folder, with their text at HEAD, and runs no filter', async () => {
    const answer = await gitBaseline(folder, saved(folder, names), yaml);
    assert.ok('baseline' in answer, JSON.stringify(answer));
    assert.deepEqual(
      [...answer.baseline.changed].sort(),
      [
        [path.join(folder, 'edited.yaml'), 'b: 1\n'],
        [path.join(folder, 'new.yaml'), undefined],
        [path.join(folder, 'sub', 'deleted.yaml'), 'c: 1\n'],
      ],
    );
    assert.equal(answer.baseline.commit, git(repo, 'rev-parse', 'HEAD').trim());
    assert.equal(existsSync(mark), false, 'git ran the repository\'s clean filter');
  });

  it('names files as the workspace does when the folder is reached through a symbolic link', async () => {
    const link = path.join(root, 'link');
    symlinkSync(folder, link);
    const answer = await gitBaseline(link, saved(link, names), yaml);
    assert.ok('baseline' in answer);
    assert.deepEqual([...answer.baseline.changed.keys()].sort(), [path.join(link, 'edited.yaml'), path.join(link, 'new.yaml'), path.join(link, 'sub', 'deleted.yaml')]);
  });

  it('says why there is no baseline: no repository, or no commit yet', async () => {
    const plain = path.join(root, 'plain');
    mkdirSync(plain);
    assert.deepEqual(await headCommit(plain), { none: `${plain} is not in a git repository` });
    git(root, 'init', '-q', 'empty');
    assert.deepEqual(await gitBaseline(path.join(root, 'empty'), new Map(), yaml), { none: `the repository of ${path.join(root, 'empty')} has no commit yet` });
  });
});
