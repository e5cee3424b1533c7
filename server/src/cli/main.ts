/**
 * The `netpol-lens` command: the language server's engine on the command line, for CI.
 * Each command lives in commands/; exit code 2 is for usage and I/O errors everywhere.
 */
import * as l10n from '../engine/l10n/t';
import packageJson from '../../../package.json';
import { check, checkUsage } from './commands/check';
import { connlist, connlistUsage } from './commands/connlist';
import { diff, diffUsage } from './commands/diff';
import { explain, explainUsage } from './commands/explain';
import { matrix, matrixUsage } from './commands/matrix';
import { reach, reachUsage } from './commands/reach';
import { test, testUsage } from './commands/test';
import { InputError, parseArgsMessage, UsageError } from './usage';
import { localeOf, localeOfEnvironment, setLocale } from '../engine';
import type { Locale } from '../engine';

const COMMANDS: Record<string, { run: (args: string[]) => Promise<number>; usage: () => string }> = {
  check: { run: check, usage: checkUsage },
  explain: { run: explain, usage: explainUsage },
  reach: { run: reach, usage: reachUsage },
  matrix: { run: matrix, usage: matrixUsage },
  connlist: { run: connlist, usage: connlistUsage },
  diff: { run: diff, usage: diffUsage },
  test: { run: test, usage: testUsage },
};

/** The general help, in the language of --locale (read when shown, after the locale is set). */
function generalUsage(): string {
  return l10n.t('Usage: netpol-lens <command> [options] [paths...]\n\nCommands:\n  check     report problems in NetworkPolicy manifests (and fix them with --fix)\n  explain   say in plain words what each NetworkPolicy selects, isolates and allows\n  reach     tell whether one connection is allowed, and which policies and rules decide it\n  matrix    print who can reach whom on which ports (text, CSV, JSON, Graphviz dot, Mermaid)\n  connlist  list every allowed connection as port sets per pair (or what is open wide: --exposure)\n  diff      list the connections a change adds and removes (paths or git:REF[:PATH])\n  test      check the connectivity expectations files beside the policies (exit 1 when one is broken)\n\nRun netpol-lens <command> --help for a command\'s options.\nEvery command takes --locale <en|zh-cn>: the language of messages (default: LC_ALL, LC_MESSAGES or LANG, else English).\n');
}

/**
 * Takes `--locale X` / `--locale=X` out of the arguments, wherever it stands: the language of every
 * command's messages. Without it, the POSIX environment decides (`LC_ALL`, `LC_MESSAGES`, `LANG`).
 */
export function takeLocale(argv: readonly string[], env: NodeJS.ProcessEnv): { locale: Locale; rest: string[] } {
  const rest: string[] = [];
  let asked: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--locale') {
      asked = argv[++i];
      if (asked === undefined) throw new UsageError(l10n.t('--locale takes a language: en or zh-cn'));
    } else if (arg.startsWith('--locale=')) asked = arg.slice('--locale='.length);
    else rest.push(arg);
  }
  if (asked === undefined) return { locale: localeOfEnvironment(env), rest };
  const locale = localeOf(asked);
  if (!locale) throw new UsageError(l10n.t('--locale takes a language such as en or zh-cn, not "{0}"', asked));
  return { locale, rest };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let usage: () => string = generalUsage;
  try {
    const { locale, rest: args } = takeLocale(argv, env);
    setLocale(locale);
    const [command, ...rest] = args;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      process.stdout.write(generalUsage());
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      process.stdout.write(`${packageJson.version}\n`);
      return 0;
    }
    const entry = COMMANDS[command];
    if (!entry) throw new UsageError(l10n.t('unknown command "{0}"', command));
    usage = entry.usage;
    return await entry.run(rest);
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`netpol-lens: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`netpol-lens: ${error.message}\n\n${usage()}`);
      return 2;
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`netpol-lens: ${parseArgsMessage(error as Error & { code: string })}\n\n${usage()}`);
      return 2;
    }
    process.stderr.write(`netpol-lens: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
