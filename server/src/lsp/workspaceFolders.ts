import { fileURLToPath } from 'node:url';
import type { InitializeParams } from 'vscode-languageserver';

/** The local folders to index: the workspace folders, else the root; non-file folders are left out. */
export function workspaceFolderPaths(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const paths: string[] = [];
  for (const uri of uris) {
    try {
      if (uri.startsWith('file:')) paths.push(fileURLToPath(uri));
    } catch {
      // not a local folder
    }
  }
  return paths;
}
