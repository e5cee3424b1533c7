// ESLint flat config: typescript-eslint's type-aware recommended rules over all sources.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** An import path that climbs out of its folder (`../`, `../../`) into `folder`. */
const into = (...folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const CLIENT = { regex: '(^|/)client/', message: 'Server code never imports the VS Code client.' };
const EDITOR_PACKAGES = { regex: '^vscode($|-)', message: 'Only lsp/ and the client talk to the editor.' };
const L10N = { regex: '^@vscode/l10n$', message: "Localize with server/src/engine/l10n/t (its `t` spaces Chinese copy), not '@vscode/l10n' itself." };
/** The engine's own rule: it knows no editor, command line or disk. */
const ENGINE_PATTERNS = [
  { regex: into('lsp', 'cli', 'workspace', 'kustomize', 'server'), message: 'The engine is pure: no LSP, CLI, disk or server code; its callers hand it text.' },
  CLIENT,
  EDITOR_PACKAGES,
  { regex: '^(node:)?(fs|fs/promises|child_process|net|http|https)$', message: 'The engine reads no files and opens no connections: its callers hand it text.' },
];

/**
 * The layers (README "Layout"): the engine knows no editor, command line or disk; workspace/ (which files a
 * workspace holds, read from disk) serves the CLI and the LSP server alike; the LSP server does not borrow
 * from the CLI; the client bundle takes no server code, only the message shapes in shared/protocol.ts;
 * shared/ imports nothing. Exported for test/unit/layers.test.ts.
 */
export const LAYERS = [
  {
    files: ['server/src/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...ENGINE_PATTERNS, L10N] }] },
  },
  {
    // The two modules that wrap @vscode/l10n.
    files: ['server/src/engine/l10n/locale.ts', 'server/src/engine/l10n/t.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ENGINE_PATTERNS }] },
  },
  {
    files: ['server/src/workspace/**/*.ts', 'server/src/kustomize/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: into('lsp', 'cli', 'server'), message: 'workspace/ and kustomize/ serve both the CLI and the LSP server: they import neither.' }, CLIENT, EDITOR_PACKAGES, L10N] }] },
  },
  {
    files: ['server/src/lsp/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: into('cli'), message: 'The LSP server does not import CLI code: what both need belongs in engine/ or workspace/.' }, CLIENT, L10N] }] },
  },
  {
    files: ['server/src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: into('lsp'), message: 'The CLI does not import LSP code: what both need belongs in engine/ or workspace/.' }, CLIENT, EDITOR_PACKAGES, L10N] }] },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)server/', message: 'The client bundle takes no server code; request names and shapes are in shared/protocol.ts.' }] }] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '.', message: 'shared/ is bundled into the client and the server alike: it imports nothing.' }] }] },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-results/**', '.vscode-test/**', '.stryker-tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  ...LAYERS,
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
);
