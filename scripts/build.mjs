// Bundles the client, the server and the CLI into dist/ with esbuild (node 20, CommonJS).
// `--watch` rebuilds on change; `--dev` keeps the bundles unminified.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const dev = watch || process.argv.includes('--dev');
const shebang = { js: '#!/usr/bin/env node' };

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !dev,
  sourcemap: 'linked',
  logLevel: 'info',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: shebang },
  // The server's worker thread (server/src/lsp/firstOpenWorker.ts), loaded from beside dist/server.js.
  { ...common, entryPoints: ['server/src/firstOpenWorker.ts'], outfile: 'dist/firstOpenWorker.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: shebang },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
