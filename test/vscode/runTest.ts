/**
 * `npm run test:vscode`: downloads VS Code with @vscode/test-electron and runs the extension-host suite
 * against test/vscode/workspace. Needs internet access to download VS Code; inside code-server the same
 * suite runs through the e2e runner (see docs/testing.md).
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
    launchArgs: [path.join(root, 'test', 'vscode', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
