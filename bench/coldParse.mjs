// The floor for first diagnostics: the `yaml` package's parse of a file in a fresh Node process, before V8
// has optimised any of it, keeping the documents as a server must. Prints the milliseconds of the parse
// alone (not the process start or the module load). Used by bench/run.ts:
//   node bench/coldParse.mjs FILE OPTIONS_JSON
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const [file, options] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const start = performance.now();
const documents = parseAllDocuments(text, JSON.parse(options));
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ ms, documents: documents.length })}\n`);
