/**
 * The editor's side of issue 17 on the 2,000-file workspace, in-process with the server's own classes:
 * the workspace committed to a git repository, the diff benchmark's edit (a policy letting one namespace's
 * pods out on 443) made in an open document, unsaved; then the "vs HEAD" code lens's count (first, and
 * after one more keystroke in that policy) and "Show connectivity changes". The counts run on the server's
 * thread: this is how long a pause in typing they take.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { normalizeSettings } from '../server/src/engine';
import { DEFAULT_LIMITS } from '../server/src/engine/config/limits';
import { ChangesService } from '../server/src/lsp/changesFeatures';
import { WorkspaceIndex } from '../server/src/lsp/workspaceIndex';
import { fileManifests } from '../server/src/workspace/loadFile';
import { allowHttpsOut, firstPolicyFile } from './diff';

export interface ChangesBenchResult {
  readonly skipped?: string;
  readonly files?: number;
  /** The lens's first count after the edit (the workspace with the policy reverted computed too). */
  readonly firstCountMs?: number;
  /** The count again after one more keystroke in the policy (the reverted side kept). */
  readonly keystrokeCountMs?: number;
  readonly title?: string;
  /** The whole workspace against HEAD, as the palette command asks. */
  readonly changesMs?: number;
}


export async function runChangesBench(workspace: string, files: number, scratch: string): Promise<ChangesBenchResult> {
  rmSync(scratch, { recursive: true, force: true });
  cpSync(workspace, scratch, { recursive: true });
  try {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: scratch, stdio: 'ignore' });
    try {
      git('init', '-q', '.');
      git('add', '.');
      git('commit', '-q', '-m', 'bench');
    } catch (error) {
      return { skipped: `git could not commit the workspace: ${(error as Error).message}` };
    }
    const file = firstPolicyFile(scratch);
    if (!file) return { skipped: `no networkpolicies.yaml under ${workspace}` };
    const index = new WorkspaceIndex(() => undefined);
    await index.scan([scratch]);
    const uri = pathToFileURL(file).href;
    const open = (text: string) => index.setOpen(uri, text, () => fileManifests(uri, text, DEFAULT_LIMITS));
    const edited = readFileSync(file, 'utf8') + allowHttpsOut(path.basename(path.dirname(file)));
    open(edited);
    const { settings } = normalizeSettings(undefined);
    const service = new ChangesService(index, () => Promise.resolve(DEFAULT_LIMITS));
    const count = async () => {
      const lens = (await service.lenses(uri)).find((l) => (l.data as { netpolChanges?: { id: string } }).netpolChanges?.id.endsWith('/allow-https-out'));
      if (!lens) throw new Error('no lens on the edited policy');
      const resolved = await service.resolve(lens, settings);
      return { ms: service.lastCountMs, title: resolved.command?.title ?? '' };
    };
    const first = await count();
    open(edited.replace(/- port: 443\n$/, '- port: 4430\n'));
    const keystroke = await count();
    const start = performance.now();
    await service.changes(settings, { uri });
    return { files, firstCountMs: first.ms, keystrokeCountMs: keystroke.ms, title: first.title, changesMs: performance.now() - start };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
