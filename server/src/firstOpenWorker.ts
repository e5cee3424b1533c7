/**
 * The other thread of a large file's first analysis (lsp/firstOpenWorker.ts starts it; bundled as
 * dist/firstOpenWorker.js): given the text and a cut, it parses the pieces from the cut on and sends back
 * their per-document findings, plain data. It keeps nothing between requests.
 */
import { parentPort } from 'node:worker_threads';
import { partFrom } from './engine/incremental/split';
import { currentLocale, setLocale } from './engine/l10n/locale';
import type { PartRequest, PartResponse } from './lsp/firstOpenWorker';

parentPort?.on('message', (request: PartRequest) => {
  let response: PartResponse;
  try {
    if (currentLocale() !== request.locale) setLocale(request.locale);
    response = { id: request.id, part: partFrom(request.text, request.from, request.settings) };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(response);
});
