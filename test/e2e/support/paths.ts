/** Where the e2e tools live: the cache that scripts/e2e/setup.sh fills, and the repository itself. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
export const RESULTS_DIR = path.join(REPO, 'test-results', 'e2e');

export interface E2ePaths {
  readonly cache: string;
  readonly node24: string;
  readonly codeServer: string;
  readonly chromium: string;
  readonly nvim: string;
  readonly emacs: string;
}

/** The paths setup.sh wrote, or an error that says to run it. */
export function e2ePaths(): E2ePaths {
  const cache = path.resolve(process.env.NETPOL_E2E_CACHE ?? path.join(REPO, '.cache', 'e2e'));
  const file = path.join(cache, 'paths.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run scripts/e2e/setup.sh first (or npm run test:e2e, which does)`);
  return JSON.parse(readFileSync(file, 'utf8')) as E2ePaths;
}

/** A per-suite folder under the cache that holds everything a run writes, emptied when the suite starts. */
export function runDir(cache: string, suite: string): string {
  return path.join(cache, 'runs', suite);
}

/** Creates the folders, and returns the variables, that keep a child's config, caches and temporary files inside `dir`. */
export function sandboxEnv(dir: string): Record<string, string> {
  const env = {
    TMPDIR: path.join(dir, 'tmp'),
    XDG_CONFIG_HOME: path.join(dir, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(dir, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(dir, 'xdg', 'cache'),
    XDG_STATE_HOME: path.join(dir, 'xdg', 'state'),
    XDG_RUNTIME_DIR: path.join(dir, 'xdg', 'runtime'),
  };
  for (const folder of Object.values(env)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  return env;
}
