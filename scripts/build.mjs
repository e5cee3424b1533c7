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
  // The `yaml` package's ES module build (the same code as its CommonJS one). Bundled from CommonJS, every
  // call of `isScalar`, `isMap`, `isPair`... went through a getter on the namespace object esbuild makes
  // for it: about a tenth of the server's CPU time on a first analysis (docs/benchmark.md).
  alias: { yaml: './node_modules/yaml/browser/index.js' },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: shebang },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: shebang },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
