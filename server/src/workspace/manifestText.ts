/**
 * Files as bytes, and the text the engine sees. Decisions (docs/robustness.md):
 * - Only regular files are read. A FIFO, socket or device named *.yaml is refused without blocking:
 *   it is opened non-blocking and checked with fstat before any read.
 * - A UTF-8 byte order mark is not part of the text (editors hide it too, so columns on line 1 agree);
 *   it is written back by --fix.
 * - Bytes that are not UTF-8 are decoded with U+FFFD so the rest of the file is still checked, but
 *   --fix never writes such a file: writing would replace the user's bytes.
 */
import * as l10n from '../engine/l10n/t';
import { constants, promises as fs } from 'node:fs';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Node cannot hold a string much over 512 MiB; far below that, a file is refused unread. */
export const MAX_READ_BYTES = 256 * 1024 * 1024;

export interface ManifestText {
  readonly text: string;
  /** The bytes read, to tell later whether the file changed underneath us. */
  readonly bytes: Buffer;
  readonly bom: boolean;
  readonly validUtf8: boolean;
}

export class ReadError extends Error {}

export function decodeManifest(bytes: Buffer): ManifestText {
  const bom = bytes.subarray(0, 3).equals(BOM);
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), bytes, bom, validUtf8: true };
  } catch {
    return { text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body), bytes, bom, validUtf8: false };
  }
}

export function encodeManifest(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([BOM, body]) : body;
}

function describeType(stat: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (stat.isDirectory()) return l10n.t('a directory');
  if (stat.isFIFO()) return l10n.t('a named pipe');
  if (stat.isSocket()) return l10n.t('a socket');
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return l10n.t('a device');
  return l10n.t('an unknown kind of file');
}

/** Reads a regular file whole; everything else is a ReadError with a message for the user. */
export async function readManifest(file: string): Promise<ManifestText> {
  let handle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new ReadError(l10n.t('cannot read ({0})', (error as NodeJS.ErrnoException).code ?? String(error)));
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ReadError(l10n.t('skipped: {0}, not a regular file', describeType(stat)));
    if (stat.size > MAX_READ_BYTES) throw new ReadError(l10n.t('skipped: {0} bytes, more than the {1} this tool reads', stat.size, MAX_READ_BYTES));
    return decodeManifest(await handle.readFile());
  } catch (error) {
    if (error instanceof ReadError) throw error;
    throw new ReadError(l10n.t('cannot read ({0})', (error as NodeJS.ErrnoException).code ?? String(error)));
  } finally {
    await handle.close();
  }
}
