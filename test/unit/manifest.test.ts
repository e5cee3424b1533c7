/**
 * The extension manifest against the client's code: a command the client registers but the manifest does
 * not contribute cannot be found in the Command Palette (it went missing once in a merge, unnoticed).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const REPO = path.join(__dirname, '..', '..');

interface CommandContribution {
  command: string;
  title: string;
  category?: string;
}

interface Manifest {
  contributes: {
    commands: CommandContribution[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
  };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `export const NAME = 'text'` in the files: command names the client shares with the server (shared/protocol.ts). */
function stringConstants(files: readonly string[]): Map<string, string> {
  const constants = new Map<string, string>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer && ts.isStringLiteralLike(declaration.initializer)) {
          constants.set(declaration.name.text, declaration.initializer.text);
        }
      }
    }
  }
  return constants;
}

/** The ids passed to `registerCommand(...)` anywhere in the client's sources: a string literal, or a constant of the client or shared/. */
function registeredCommands(dir: string): Set<string> {
  const ids = new Set<string>();
  const constants = stringConstants([...sourceFiles(dir), ...sourceFiles(path.join(REPO, 'shared'))]);
  for (const file of sourceFiles(dir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
        const first = node.arguments[0];
        if (name === 'registerCommand' && first && ts.isStringLiteralLike(first)) ids.add(first.text);
        else if (name === 'registerCommand' && first && ts.isIdentifier(first) && constants.has(first.text)) ids.add(constants.get(first.text)!);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return ids;
}

// Titles are `%key%` of package.nls.json (issue #20): read them as VS Code shows them in English.
const nls = JSON.parse(readFileSync(path.join(REPO, 'package.nls.json'), 'utf8')) as Record<string, string>;
const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8').replace(/"%([^%"]+)%"/g, (whole, key: string) => (key in nls ? JSON.stringify(nls[key]) : whole))) as Manifest;
const contributed = new Map(manifest.contributes.commands.map((c) => [c.command, c]));
const hidden = new Set((manifest.contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
const registered = registeredCommands(path.join(REPO, 'client', 'src'));

describe('extension manifest', () => {
  it('finds the commands the client registers', () => {
    // The reader itself: if it found nothing, every check below would pass on nothing.
    assert.ok(registered.has('netpolLens.restartServer'), [...registered].join(', '));
    assert.ok(registered.size >= 4, [...registered].join(', '));
  });

  it('contributes every command the client registers, so the Command Palette can offer it', () => {
    const missing = [...registered].filter((id) => !contributed.has(id));
    assert.deepEqual(missing, [], `registered in client/src but not in contributes.commands: ${missing.join(', ')}`);
  });

  it('registers every contributed command (no palette entry that does nothing)', () => {
    const dead = [...contributed.keys()].filter((id) => !registered.has(id));
    assert.deepEqual(dead, []);
  });

  it('titles each palette command under the "NetPol Lens" category', () => {
    for (const [id, command] of contributed) {
      assert.equal(command.category, 'NetPol Lens', id);
      assert.ok(command.title.length > 0, id);
    }
  });

  it('offers "NetPol Lens: Show connectivity" in the palette, and hides only the code lens helper', () => {
    assert.equal(contributed.get('netpolLens.showConnectivity')?.title, 'Show connectivity');
    assert.ok(!hidden.has('netpolLens.showConnectivity'));
    assert.equal(contributed.get('netpolLens.showChanges')?.title, 'Show connectivity changes');
    assert.ok(!hidden.has('netpolLens.showChanges'));
    // netpolLens.showWorkloads takes the code lens's arguments; run bare from the palette it has nothing to show.
    assert.deepEqual([...hidden], ['netpolLens.showWorkloads']);
  });
});
