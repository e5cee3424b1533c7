import { once } from 'node:events';

/**
 * Writes pieces of text to `out` in blocks of about `blockSize` characters, waiting for the stream to drain
 * when it asks to: output of hundreds of megabytes (`matrix` on a large workspace) never sits in memory whole.
 */
export async function writeChunks(out: NodeJS.WritableStream, chunks: Iterable<string>, blockSize = 1 << 16): Promise<void> {
  let block = '';
  for (const chunk of chunks) {
    block += chunk;
    if (block.length >= blockSize) {
      if (!out.write(block)) await once(out, 'drain');
      block = '';
    }
  }
  if (block.length > 0 && !out.write(block)) await once(out, 'drain');
}
