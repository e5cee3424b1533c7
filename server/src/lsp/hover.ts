import type { Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { hover } from '../engine';
import { expectationHover } from '../engine/expectations/hover';
import type { Analysis, Settings } from '../engine';
import { languageRequestOf, toHover } from './language';
import { reachHoverParts } from './reachFeatures';
import type { WorkspaceIndex } from './workspaceIndex';

/**
 * The hover at a position: whether an expectation holds, or what the policy allows (the workspace
 * engine) first, then the API documentation of the field under the cursor.
 */
export function hoverAt(document: TextDocument, analysis: Analysis, index: WorkspaceIndex, settings: Settings, position: Position): Hover | null {
  const request = languageRequestOf(analysis, settings, position);
  const expectation = index.ready && document.getText() === analysis.file.text ? expectationHover(analysis.file, index.workspace(settings), settings, analysis.file.lines.offsetAt(position)) : undefined;
  return toHover([...(expectation ? [expectation] : []), ...reachHoverParts(document, analysis, index, settings, position), ...(request ? hover(request) : [])], analysis.file.lines);
}
