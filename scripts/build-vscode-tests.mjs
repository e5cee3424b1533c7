// Bundles the extension-host tests (test/vscode) into out/vscode-tests for VS Code to load.
import * as esbuild from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning' };
await esbuild.build({
  ...common,
  entryPoints: { 'suite/index': 'test/vscode/suite/index.ts', 'suite/extension.test': 'test/vscode/suite/extension.test.ts' },
  outdir: 'out/vscode-tests',
  external: ['vscode', 'mocha'],
});
await esbuild.build({ ...common, entryPoints: ['test/vscode/runTest.ts'], outfile: 'out/vscode-tests/runTest.js', external: ['@vscode/test-electron'] });
