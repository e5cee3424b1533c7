import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl, ruleDescription, RULES } from '../../engine';
import type { Severity } from '../../engine';
import type { FileResult } from './result';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A path relative to the working directory, with forward slashes, as a SARIF artifact URI. */
function artifactUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  const relative = path.relative(process.cwd(), path.resolve(file));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return pathToFileURL(path.resolve(file)).href;
  return relative.split(path.sep).map(encodeURIComponent).join('/');
}

function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const uri = artifactUri(file);
  return uri.startsWith('file:') ? { uri } : { uri, uriBaseId: '%SRCROOT%' };
}

/** SARIF 2.1.0, with the rules' metadata and exact regions (1-based lines and UTF-16 columns). */
export function formatSarif(results: readonly FileResult[], version: string): string {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.meta.code, index]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'netpol-lens',
            version,
            informationUri: 'https://github.com/netpol-lens/netpol-lens',
            rules: RULES.map((rule) => ({
              id: rule.meta.code,
              name: rule.meta.name,
              shortDescription: { text: ruleDescription(rule.meta) },
              helpUri: docsUrl(rule.meta.code),
              defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(process.cwd() + path.sep).href } },
        results: results.flatMap((result) =>
          result.findings.map((f) => ({
            ruleId: f.code,
            ...(ruleIndex.has(f.code) ? { ruleIndex: ruleIndex.get(f.code) } : {}),
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifactLocation(result.file),
                  region: {
                    startLine: f.range.start.line + 1,
                    startColumn: f.range.start.character + 1,
                    endLine: f.range.end.line + 1,
                    endColumn: f.range.end.character + 1,
                  },
                },
                ...(f.field ? { logicalLocations: [{ fullyQualifiedName: f.field, kind: 'member' }] } : {}),
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
