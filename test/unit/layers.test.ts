/**
 * The layer boundaries of eslint.config.mjs (issue #15.5): each forbidden import is an ESLint error with
 * its reason, and the imports each layer needs stay allowed. Linted as text at the path it would have, so
 * no file is written; `npm run lint` applies the same rules to the sources.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = path.join(__dirname, '..', '..');

async function restricted(file: string, specifier: string): Promise<string[]> {
  const { LAYERS } = (await import(path.join(root, 'eslint.config.mjs'))) as { LAYERS: object[] };
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...(LAYERS as never[])],
  });
  const [result] = await eslint.lintText(`import * as imported from '${specifier}';\nexport { imported };\n`, { filePath: path.join(root, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer boundaries (eslint.config.mjs)', () => {
  const forbidden: [string, string, RegExp][] = [
    ['server/src/engine/analyze.ts', '../lsp/workspaceIndex', /The engine is pure/],
    ['server/src/engine/rules/support/structure.ts', '../../../cli/files', /The engine is pure/],
    ['server/src/engine/reach/workspace.ts', '../../workspace/loadFile', /The engine is pure/],
    ['server/src/engine/analyze.ts', 'vscode-languageserver', /Only lsp\/ and the client/],
    ['server/src/engine/analyze.ts', 'node:fs', /reads no files/],
    ['server/src/engine/analyze.ts', '../../../client/src/extension', /never imports the VS Code client/],
    ['server/src/lsp/workspaceIndex.ts', '../cli/workspace', /does not import CLI code/],
    ['server/src/cli/commands/check.ts', '../../lsp/settingsStore', /does not import LSP code/],
    ['server/src/workspace/loadFile.ts', '../cli/usage', /serve both the CLI and the LSP server/],
    ['client/src/extension.ts', '../../server/src/engine', /takes no server code/],
    ['shared/protocol.ts', '../server/src/engine', /imports nothing/],
    ['server/src/engine/rules/dns-egress-missing.ts', '@vscode/l10n', /engine\/l10n\/t/],
    ['server/src/lsp/hover.ts', '@vscode/l10n', /engine\/l10n\/t/],
    ['server/src/cli/main.ts', '@vscode/l10n', /engine\/l10n\/t/],
  ];
  for (const [file, specifier, reason] of forbidden) {
    it(`${file} may not import ${specifier}`, async () => {
      const messages = await restricted(file, specifier);
      assert.equal(messages.length, 1, messages.join('\n'));
      assert.match(messages[0]!, /^no-restricted-imports: /);
      assert.match(messages[0]!, reason);
    });
  }

  const allowed: [string, string][] = [
    ['server/src/engine/rules/dns-egress-missing.ts', '../reach/workspace'],
    ['server/src/engine/analyze.ts', 'yaml'],
    ['server/src/engine/l10n/t.ts', '@vscode/l10n'],
    ['server/src/lsp/workspaceIndex.ts', '../workspace/loadFile'],
    ['server/src/lsp/reachFeatures.ts', '../../../shared/protocol'],
    ['server/src/cli/commands/reach.ts', '../workspace'],
    ['server/src/cli/commands/check.ts', '../../workspace/manifestText'],
    ['server/src/workspace/loadFile.ts', '../engine/reach'],
    ['client/src/connectivityView.ts', '../../shared/protocol'],
    ['client/src/extension.ts', 'vscode-languageclient/node'],
  ];
  for (const [file, specifier] of allowed) {
    it(`${file} may import ${specifier}`, async () => {
      assert.deepEqual(await restricted(file, specifier), []);
    });
  }
});
