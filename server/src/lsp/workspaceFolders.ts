import { fileURLToPath } from 'node:url';
import type { InitializeParams, WorkspaceFolder } from 'vscode-languageserver';

/** The local folders to index: the workspace folders, else the root; non-file folders are left out. */
export function workspaceFolderPaths(params: InitializeParams): string[] {
  return localPaths(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
}

/** The local paths of folders added or removed (workspace/didChangeWorkspaceFolders); non-file folders are left out. */
export function folderPaths(folders: readonly WorkspaceFolder[]): string[] {
  return localPaths(folders.map((f) => f.uri));
}

function localPaths(uris: readonly string[]): string[] {
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
