/**
 * Child processes that lead their own process group (`detached` is setsid(2) on Linux), so stopping
 * one stops everything it started: code-server's extension hosts, file watchers and language servers.
 */
import { spawn } from 'node:child_process';
import type { SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { waitFor } from './wait';

/** Live (non-zombie) processes whose process group is `pgid`, read from /proc. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
  }
  return members;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** SIGTERM to the whole group, SIGKILL to whatever is left after `graceMs`; resolves once none is left. */
export async function stopGroup(pgid: number, graceMs = 5000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  try {
    await waitFor(`process group ${pgid} to exit after SIGTERM`, () => groupMembers(pgid).length === 0, { timeoutMs: graceMs });
  } catch {
    signalGroup(pgid, 'SIGKILL');
    await waitFor(`process group ${pgid} to exit after SIGKILL`, () => groupMembers(pgid).length === 0, { timeoutMs: 5000 });
  }
}

export interface GroupLeader {
  readonly pid: number;
  /** Resolves with the leader's exit code (or signal) when it exits. */
  readonly exited: Promise<string>;
  stop(): Promise<void>;
}

export function spawnGroupLeader(command: string, args: readonly string[], options: SpawnOptions): GroupLeader {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  // Last resort if the test process exits without running its after hooks (an uncaught error).
  const onExit = (): void => signalGroup(pid, 'SIGKILL');
  process.once('exit', onExit);
  return {
    pid,
    exited,
    async stop() {
      await stopGroup(pid);
      process.off('exit', onExit);
    },
  };
}
