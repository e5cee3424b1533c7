/**
 * The `--stdio` transport with the server's own JSON encoder (diagnosticsEncoder.ts). vscode-languageserver
 * makes its stdio transport with the default encoder and no way to pass another, so this one is made here,
 * doing what it does besides: the server exits when its input ends (1 unless a shutdown was asked for first),
 * and nothing written with `console` reaches stdout, which carries the protocol. The other transports
 * (`--node-ipc`, `--socket`, `--pipe`) stay vscode-languageserver's.
 */
import { format } from 'node:util';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import type { Connection, MessageReader, MessageWriter } from 'vscode-languageserver/node';
import { DiagnosticsEncoder } from './diagnosticsEncoder';

export interface StdioTransport {
  readonly reader: MessageReader;
  readonly writer: MessageWriter;
  readonly encoder: DiagnosticsEncoder;
  /** Exits when the input ends, and sends `console` output to the client's log, as vscode-languageserver does for stdio. */
  attach(connection: Connection): void;
}

/** The transport when the server was started with `--stdio`, else undefined. */
export function stdioTransport(argv: readonly string[] = process.argv.slice(2)): StdioTransport | undefined {
  if (!argv.includes('--stdio')) return undefined;
  const encoder = new DiagnosticsEncoder();
  return {
    reader: new StreamMessageReader(process.stdin),
    writer: new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: encoder }),
    encoder,
    attach(connection) {
      let shutdown = false;
      connection.onShutdown(() => {
        shutdown = true;
      });
      const exit = () => process.exit(shutdown ? 0 : 1);
      process.stdin.on('end', exit);
      process.stdin.on('close', exit);
      const log = (...args: unknown[]) => connection.console.log(format(...args));
      console.log = log;
      console.info = log;
      console.debug = log;
      console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
      console.error = (...args: unknown[]) => connection.console.error(format(...args));
    },
  };
}
