import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { analyzeText, applyEdits, normalizeSettings, parseYamlFile } from '../../server/src/engine';
import { readManifests } from '../../server/src/engine/reach';
import type { FileManifests } from '../../server/src/engine/reach';
import type { Finding } from '../../server/src/engine';
import type { TextEdit } from '../../server/src/engine/text/positions';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** A fixture's expectation of one diagnostic, as written in its expected.yaml. */
export interface ExpectedDiagnostic {
  code: string;
  severity: string;
  /** `line:column-line:column`, 1-based, end exclusive: what the editor's status bar shows. */
  range: string;
  /** The text under the range. */
  text: string;
  field?: string;
  message: string;
  fixes?: { title: string; preferred?: boolean; after: string }[];
}

export interface Expected {
  /** netpolLens settings to analyse with (the defaults when absent). */
  settings?: unknown;
  diagnostics: ExpectedDiagnostic[];
}

export interface FixtureCase {
  readonly name: string;
  readonly dir: string;
  readonly input: string;
  readonly expected: Expected;
}

export function caseDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(root, entry.name))
    .sort();
}

export function loadCase(dir: string): FixtureCase {
  const input = readFileSync(path.join(dir, 'input.yaml'), 'utf8');
  const expectedFile = path.join(dir, 'expected.yaml');
  const expected = existsSync(expectedFile) ? (parse(readFileSync(expectedFile, 'utf8')) as Expected | null) : null;
  return { name: path.basename(dir), dir, input, expected: { diagnostics: expected?.diagnostics ?? [], ...(expected?.settings ? { settings: expected.settings } : {}) } };
}

export function formatRange(finding: Finding): string {
  const { start, end } = finding.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * A case's `workspace/` folder holds the other files of its workspace (workloads, Namespaces, policies),
 * for the workspace rules (NP95x); `input.yaml` is analysed as one file among them.
 */
export function workspaceOf(fixture: FixtureCase): { workspace?: { uri: string; files: FileManifests[] } } {
  const dir = path.join(fixture.dir, 'workspace');
  if (!existsSync(dir)) return {};
  const names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  return { workspace: { uri: 'input.yaml', files: names.map((n) => readManifests(`workspace/${n}`, parseYamlFile(readFileSync(path.join(dir, n), 'utf8')))) } };
}

/** A fix of another file of the case's workspace (`workspace/<name>`): that file's whole text after it. */
function otherFileAfter(fixture: FixtureCase, uri: string, edits: readonly TextEdit[]): string {
  const text = readFileSync(path.join(fixture.dir, uri), 'utf8');
  const lines = parseYamlFile(text).lines;
  return applyEdits(
    text,
    edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })),
  );
}

/** What the engine says about a fixture, in the fixture's own terms (fix results as file names). */
export function actualFor(fixture: FixtureCase, codes?: ReadonlySet<string>): { diagnostics: ExpectedDiagnostic[]; afterTexts: Map<string, string> } {
  const { settings } = normalizeSettings(fixture.expected.settings);
  const analysis = analyzeText(fixture.input, { settings, ...workspaceOf(fixture) });
  const afterTexts = new Map<string, string>();
  const diagnostics = analysis.findings
    .filter((f) => !codes || codes.has(f.code))
    .map((f, index) => {
      const d: ExpectedDiagnostic = {
        code: f.code,
        severity: f.severity,
        range: formatRange(f),
        text: fixture.input.slice(f.span[0], f.span[1]),
        ...(f.field ? { field: f.field } : {}),
        message: f.message,
      };
      if (f.fixes.length > 0) {
        d.fixes = f.fixes.map((fix) => {
          const name = `after-${index + 1}-${slug(fix.title)}.yaml`;
          afterTexts.set(name, fix.uri !== undefined ? otherFileAfter(fixture, fix.uri, fix.edits) : applyEdits(fixture.input, fix.offsetEdits));
          return { title: fix.title, ...(fix.isPreferred ? { preferred: true } : {}), after: name };
        });
      }
      return d;
    });
  return { diagnostics, afterTexts };
}

/** UPDATE_FIXTURES=1 writes what the engine says as the expectation: review the diff before committing. */
export function updateFixture(fixture: FixtureCase, codes?: ReadonlySet<string>): void {
  const { diagnostics, afterTexts } = actualFor(fixture, codes);
  const body: Expected = { ...(fixture.expected.settings ? { settings: fixture.expected.settings } : {}), diagnostics };
  writeFileSync(path.join(fixture.dir, 'expected.yaml'), stringify(body, { lineWidth: 0 }));
  for (const [name, text] of afterTexts) writeFileSync(path.join(fixture.dir, name), text);
}

export function readAfter(fixture: FixtureCase, name: string): string {
  return readFileSync(path.join(fixture.dir, name), 'utf8');
}
