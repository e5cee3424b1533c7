/**
 * One file of a workspace, read the same way by `check`, `reach`, `matrix` and the editor's index:
 * bytes to text (manifestText.ts), the JSON rule, the size cap, and what to say about a file that is
 * left out or only partly understood. Nothing here throws for a bad file; it says why instead.
 */
import * as l10n from '../engine/l10n/t';
import { parseYamlFile } from '../engine';
import type { Limits } from '../engine/config/limits';
import type { YamlFile } from '../engine/parse/yamlFile';
import { readManifests } from '../engine/reach';
import type { FileManifests } from '../engine/reach';
import type { FoundFile } from './manifestFiles';
import { isJsonName } from './manifestFiles';
import { ReadError, readManifest } from './manifestText';
import type { ManifestText } from './manifestText';

export type LoadedFile =
  /** Read: `notes` say what the reader could not take as it is (bytes that are not UTF-8, a file over the size cap). */
  | { readonly status: 'read'; readonly path: string; readonly input: ManifestText; readonly notes: readonly string[] }
  /** A JSON file a directory search found that is no Kubernetes object (package.json, a dashboard): not part of the workspace. */
  | { readonly status: 'not-a-manifest'; readonly path: string }
  /** Could not be read at all: the message says why. */
  | { readonly status: 'failed'; readonly path: string; readonly message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a JSON text is a Kubernetes object or list: a top-level object with a string `apiVersion` and
 * `kind`, as every object the API server accepts has. A text that is not valid JSON counts when it names
 * both keys (a manifest with a typo is still a manifest, and its syntax error is reported).
 */
export function isKubernetesJson(text: string): boolean {
  // Most JSON of a repository (lock files, dashboards) never names the key: no need to parse it.
  if (!text.includes('"apiVersion"')) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return /"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text);
  }
  return isRecord(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

/** The note for a text over `netpolLens.limits.maxFileSize`, which the engine does not parse (parseYamlFile). */
export function sizeNote(text: string, limits: Limits): string | undefined {
  return text.length > limits.maxFileSize
    ? l10n.t('{0} characters, more than netpolLens.limits.maxFileSize ({1}): not analysed', text.length, limits.maxFileSize)
    : undefined;
}

/** Reads one file found by collectFiles. */
export async function loadFile(found: FoundFile, limits: Limits): Promise<LoadedFile> {
  let input: ManifestText;
  try {
    input = await readManifest(found.path);
  } catch (error) {
    return { status: 'failed', path: found.path, message: error instanceof ReadError ? error.message : String(error) };
  }
  if (!found.named && isJsonName(found.path) && !isKubernetesJson(input.text)) return { status: 'not-a-manifest', path: found.path };
  const notes: string[] = [];
  if (!input.validUtf8) notes.push(l10n.t('not valid UTF-8; checked with the bad bytes replaced (U+FFFD)'));
  const tooLarge = sizeNote(input.text, limits);
  if (tooLarge) notes.push(tooLarge);
  return { status: 'read', path: found.path, input, notes };
}

/** A file's text parsed and read for the workspace (policies, workloads, Namespaces), under the same limits everywhere. */
export function fileManifests(uri: string, text: string, limits: Limits): FileManifests {
  return readManifests(uri, parseYamlFile(text, limits));
}

/**
 * The first YAML syntax error of a parsed file, as "line:column: message", outside documents that hold
 * template actions (those are Helm templates, reported by NP003 when they are policies). The other
 * documents are read as usual; the broken one is read as far as the parser could make sense of it.
 */
export function firstSyntaxError(file: YamlFile): string | undefined {
  for (const doc of file.documents) {
    const error = doc.errors[0];
    if (!error) continue;
    const [start, , end] = doc.range;
    if (file.text.slice(start, end).includes('{{')) continue;
    const at = file.lines.positionAt(error.pos[0]);
    return `${at.line + 1}:${at.character + 1}: ${l10n.t('YAML syntax error: {0}', error.message.split('\n')[0]!)}`;
  }
  return undefined;
}
