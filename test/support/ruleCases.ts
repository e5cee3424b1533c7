/**
 * Per-rule case files: test/fixtures/rules/<CODE>/cases.yaml, one small case per sentence of the rule's
 * docs page (docs/testing.md, "Rule cases"). A case is a YAML text and whether the rule fires on it,
 * optionally with the exact findings a user sees and the text after the preferred fix.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { analyzeFiles, analyzeText } from '../../server/src/engine';
import type { Analysis, FileInput, Settings } from '../../server/src/engine';
import { FIXTURES } from './fixtures';

/** One expected finding: each field given is compared exactly. */
export interface CaseFinding {
  readonly severity?: string;
  /** The text under the finding's range. */
  readonly text?: string;
  readonly message?: string;
}

export interface RuleCase {
  readonly name: string;
  readonly fires: boolean;
  readonly yaml: string;
  /** netpolLens settings, over the file's `settings`. */
  readonly settings?: Record<string, unknown>;
  /**
   * The other files of a workspace, by path (`workloads.yaml`, `base/kustomization.yaml`): with them the
   * case is analysed the way `netpol-lens check` analyses a folder (analyzeFiles), and only the findings
   * in `yaml` count. Without them, `yaml` is analysed alone (analyzeText), as an editor with no workspace.
   */
  readonly files?: Readonly<Record<string, string>>;
  /** With `files`: the path of `yaml` in that workspace (default `policy.yaml`). */
  readonly path?: string;
  /** With `fires: true`: the rule's findings, in order (their number too). */
  readonly findings?: readonly CaseFinding[];
  /** With `fires: true`: the whole text after the first finding's preferred fix. */
  readonly fixed?: string;
  /** With `fires: true`: the titles of the first finding's fixes, in order (`[]`: none offered). */
  readonly fixes?: readonly string[];
}

export interface RuleCaseFile {
  readonly code: string;
  readonly file: string;
  /** Settings for every case of the file. */
  readonly settings?: Record<string, unknown>;
  readonly cases: readonly RuleCase[];
}

const CASE_KEYS = new Set(['name', 'fires', 'yaml', 'settings', 'files', 'path', 'findings', 'fixed', 'fixes']);

/** The path of a case's `yaml` in its workspace when the case does not give one. */
export const CASE_PATH = 'policy.yaml';
const WORKSPACE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const isWorkspacePath = (name: string) => WORKSPACE_PATH.test(name) && !name.split('/').some((part) => part === '.' || part === '..');

export function caseFilePath(code: string): string {
  return path.join(FIXTURES, 'rules', code, 'cases.yaml');
}

/** The rule's case file, checked for shape (a typo in a key must not make a case that tests nothing). */
export function loadRuleCases(code: string): RuleCaseFile | undefined {
  const file = caseFilePath(code);
  if (!existsSync(file)) return undefined;
  return parseRuleCases(code, file, readFileSync(file, 'utf8'));
}

/** A case file's text, checked for shape; `file` names it in errors. */
export function parseRuleCases(code: string, file: string, text: string): RuleCaseFile {
  const raw = parse(text) as { settings?: Record<string, unknown>; cases?: unknown } | null;
  if (!raw || !Array.isArray(raw.cases)) throw new Error(`${file}: expected a mapping with a "cases" list`);
  const names = new Set<string>();
  const cases = raw.cases.map((entry: unknown, index: number): RuleCase => {
    const c = entry as Partial<RuleCase> & Record<string, unknown>;
    const where = `${file}: case ${index + 1}${typeof c.name === 'string' ? ` (${c.name})` : ''}`;
    for (const key of Object.keys(c)) if (!CASE_KEYS.has(key)) throw new Error(`${where}: unknown key "${key}"`);
    if (typeof c.name !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(c.name)) throw new Error(`${where}: "name" must be kebab-case`);
    if (names.has(c.name)) throw new Error(`${where}: duplicate name`);
    names.add(c.name);
    if (typeof c.fires !== 'boolean') throw new Error(`${where}: "fires" must be true or false`);
    if (typeof c.yaml !== 'string') throw new Error(`${where}: "yaml" must be a text`);
    if (c.files !== undefined) {
      if (!c.files || typeof c.files !== 'object' || Array.isArray(c.files) || Object.keys(c.files).length === 0) throw new Error(`${where}: "files" must map paths to texts`);
      for (const [name, text] of Object.entries(c.files)) {
        if (!isWorkspacePath(name)) throw new Error(`${where}: "files" path "${name}" must be relative, without . or ..`);
        if (typeof text !== 'string') throw new Error(`${where}: "files" entry "${name}" must be a text`);
      }
    }
    if (c.path !== undefined) {
      if (c.files === undefined) throw new Error(`${where}: "path" needs "files"`);
      if (typeof c.path !== 'string' || !isWorkspacePath(c.path)) throw new Error(`${where}: "path" must be relative, without . or ..`);
    }
    if (c.files && Object.keys(c.files).includes(c.path ?? CASE_PATH)) throw new Error(`${where}: "files" must not hold the case's own path "${c.path ?? CASE_PATH}"`);
    if (!c.fires && (c.findings || c.fixed !== undefined || c.fixes)) throw new Error(`${where}: "findings", "fixed" and "fixes" need "fires: true"`);
    return c as RuleCase;
  });
  return { code, file, ...(raw.settings ? { settings: raw.settings } : {}), cases };
}

/** A workspace case's files as analyzeFiles takes them, the case's own `yaml` first. */
export function caseWorkspace(c: RuleCase): FileInput[] {
  const uri = (name: string) => `file:///ws/${name}`;
  return [{ uri: uri(c.path ?? CASE_PATH), text: c.yaml }, ...Object.entries(c.files ?? {}).map(([name, text]) => ({ uri: uri(name), text }))];
}

/**
 * The case analysed: alone (analyzeText) without `files`; with them, as `netpol-lens check` runs the
 * folder (analyzeFiles). The first analysis is the case's own text; the others are its workspace's files.
 */
export function analyzeCase(c: RuleCase, settings: Settings): Analysis[] {
  return c.files ? analyzeFiles(caseWorkspace(c), settings) : [analyzeText(c.yaml, { settings })];
}

/**
 * The case names a docs page promises, by its marker convention: every bullet under `## When it fires`
 * and under `## When it does not fire` ends with `<!-- case: name -->` (or `<!-- cases: a, b -->`).
 */
export interface DocBullet {
  readonly section: 'fires' | 'quiet';
  /** The bullet's first line, to name it in a failure. */
  readonly line: string;
  readonly cases: readonly string[];
}

const SECTIONS: Record<string, DocBullet['section']> = { '## When it fires': 'fires', '## When it does not fire': 'quiet' };

export function docBullets(page: string): DocBullet[] {
  const bullets: { section: DocBullet['section']; lines: string[] }[] = [];
  let section: DocBullet['section'] | undefined;
  let open: string[] | undefined; // the lines of the bullet being read
  let inFence = false;
  for (const line of page.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    if (inFence) continue;
    if (line.startsWith('## ')) {
      section = SECTIONS[line.trim()];
      open = undefined;
    } else if (section && /^[-*] /.test(line)) {
      open = [line];
      bullets.push({ section, lines: open });
    } else if (open && /^\s+\S/.test(line)) {
      open.push(line);
    } else if (line.trim() !== '') {
      open = undefined; // prose after the list
    }
  }
  return bullets.map(({ section: s, lines }) => {
    const text = lines.join('\n');
    const marker = /<!--\s*cases?:\s*([^>]*?)\s*-->/.exec(text);
    return { section: s, line: lines[0]!, cases: marker ? marker[1]!.split(/\s*,\s*/).filter(Boolean) : [] };
  });
}
