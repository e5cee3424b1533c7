/**
 * The checker in Simplified Chinese (issue #20) on the bundled examples: `--locale zh-cn`, or a Chinese
 * LANG / LC_ALL / LC_MESSAGES, turns every message and the summary into Chinese; codes, severities, fields
 * and ranges stay as they are, in text, JSON and SARIF.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.join(__dirname, '..', '..');
const CLI = path.join(root, 'dist', 'cli.js');
const EXAMPLES = path.join(root, 'examples');
const HAN = /\p{Script=Han}/u;

/** The environment without the caller's locale, so that only what a test sets decides. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const rest = { ...process.env };
  for (const name of ['LANG', 'LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete rest[name];
  return { ...rest, ...extra };
}

function run(args: string[], cwd: string, extra: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: env(extra) });
  assert.ok(result.status === 0 || result.status === 1, `${args.join(' ')}: exit ${result.status}: ${result.stderr}`);
  return result;
}

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  field?: string;
  range: unknown;
  fixes: { title: string }[];
}

function diagnostics(stdout: string): JsonDiagnostic[] {
  return (JSON.parse(stdout) as { results: { diagnostics: JsonDiagnostic[] }[] }).results.flatMap((r) => r.diagnostics);
}

describe('check --locale zh-cn on the bundled examples', () => {
  const dirs = readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

  for (const name of dirs) {
    it(`${name}: every line in Chinese, the same findings as in English`, () => {
      const dir = path.join(EXAMPLES, name);
      const zh = run(['check', '--locale', 'zh-cn', '.'], dir).stdout.trimEnd().split('\n');
      const en = run(['check', '.'], dir).stdout.trimEnd().split('\n');
      assert.equal(zh.length, en.length, zh.join('\n'));
      for (const line of zh) assert.match(line, HAN, line);
      // `file:line:col  severity  message  code`: only the message changes.
      const frame = (line: string) => line.replace(/ {2}.* {2}/, '  …  ');
      assert.deepEqual(zh.slice(0, -1).map(frame), en.slice(0, -1).map(frame));
    });
  }

  it('dns-udp-only: the NP202 warning, word for word', () => {
    const out = run(['check', '--locale', 'zh-cn', '.'], path.join(EXAMPLES, 'dns-udp-only')).stdout;
    assert.equal(
      out,
      'policy.yaml:24:7  warning  DNS 在 UDP 上被允许，但在 TCP 端口 53 上没有被允许（对 Deployment api 而言）：UDP 装不下的应答会改用 TCP 重试，因此较大的查询会失败。  NP202\n' +
        '共 1 个问题（0 个错误，1 个警告），其中 1 个可用 --fix 修复。\n',
    );
  });

  it('takes the language from LANG, LC_MESSAGES and LC_ALL, and --locale over them', () => {
    const dir = path.join(EXAMPLES, 'ignored-egress-rules');
    assert.match(run(['check', '.'], dir, { LANG: 'zh_CN.UTF-8' }).stdout, /这些 egress 规则会被忽略/);
    assert.match(run(['check', '.'], dir, { LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }).stdout, /这些 egress 规则会被忽略/);
    assert.match(run(['check', '.'], dir, { LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' }).stdout, /These egress rules are ignored/);
    assert.match(run(['check', '--locale=en', '.'], dir, { LANG: 'zh_CN.UTF-8' }).stdout, /These egress rules are ignored/);
    assert.match(run(['check', '.', '--locale', 'zh-CN'], dir).stdout, /这些 egress 规则会被忽略/);
  });

  it('JSON: codes, severities, fields and ranges as in English; messages and fix titles in Chinese', () => {
    const dir = path.join(EXAMPLES, 'deny-external-egress');
    const zh = diagnostics(run(['check', '--format', 'json', '--locale', 'zh-cn', '.'], dir).stdout);
    const en = diagnostics(run(['check', '--format', 'json', '.'], dir).stdout);
    assert.deepEqual(
      zh.map((d) => [d.code, d.severity, d.field, d.range]),
      en.map((d) => [d.code, d.severity, d.field, d.range]),
    );
    assert.ok(zh.length > 0);
    for (const d of zh) {
      assert.match(d.message, HAN);
      for (const fix of d.fixes) assert.match(fix.title, HAN);
    }
  });

  it('SARIF: message.text follows --locale, rule ids and help links to the Chinese pages', () => {
    const dir = path.join(EXAMPLES, 'dns-udp-only');
    const sarif = JSON.parse(run(['check', '--format', 'sarif', '--locale', 'zh-cn', '.'], dir).stdout) as {
      runs: { results: { ruleId: string; message: { text: string } }[]; tool: { driver: { rules: { id: string; helpUri: string; shortDescription: { text: string } }[] } } }[];
    };
    const [result] = sarif.runs[0]!.results;
    assert.equal(result!.ruleId, 'NP202');
    assert.match(result!.message.text, /^DNS 在 UDP 上被允许/);
    const rule = sarif.runs[0]!.tool.driver.rules.find((r) => r.id === 'NP202');
    assert.ok(rule!.helpUri.endsWith('/docs/zh-cn/rules/NP202.md'), rule!.helpUri);
    assert.deepEqual(rule!.shortDescription, { text: 'DNS 在 UDP 上被允许而 TCP 端口 53 上没有，或者反过来。' });
    const english = JSON.parse(run(['check', '--format', 'sarif', '.'], dir).stdout) as typeof sarif;
    assert.deepEqual(english.runs[0]!.tool.driver.rules.find((r) => r.id === 'NP202')!.shortDescription, { text: 'DNS is allowed on UDP but not TCP port 53, or on TCP but not UDP.' });
  });

  it('rejects a --locale without a language', () => {
    const result = spawnSync(process.execPath, [CLI, 'check', '--locale'], { encoding: 'utf8', env: env() });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--locale takes a language/);
  });
});

describe('reach --locale zh-cn: the answer and the reasons in Chinese, names and fields as they are', () => {
  const SEED = 'test/fixtures/reach/seed';
  const TIERS = 'test/fixtures/reach/cnp-tiers';

  it('a denied and an allowed connection, word for word', () => {
    const seed = [`${SEED}/workloads.yaml`, `${SEED}/deny-external-egress.yaml`];
    assert.equal(
      run(['reach', '--locale', 'zh-cn', '--from', 'default/restricted-app', '--to', '8.8.8.8', '--port', '53/udp', ...seed], root).stdout,
      [
        'default/restricted-app -> 8.8.8.8，端口 53/UDP：拒绝',
        `  出站：default/restricted-app 被 default/deny-external-egress (${SEED}/deny-external-egress.yaml:2) 隔离；没有规则允许此连接：拒绝`,
        '  入站：8.8.8.8 不是工作区中的 Pod；没有 NetworkPolicy 作用于它',
        '',
      ].join('\n'),
    );
    assert.equal(
      run(['reach', '--from', 'default/restricted-app', '--to', 'kube-system/coredns', '--port', '53/udp', ...seed], root, { LANG: 'zh_CN.UTF-8' }).stdout,
      [
        'default/restricted-app -> kube-system/coredns，端口 53/UDP：允许',
        `  出站：default/restricted-app 被 default/deny-external-egress (${SEED}/deny-external-egress.yaml:2) 隔离；由 default/deny-external-egress spec.egress[0] (${SEED}/deny-external-egress.yaml:13) 允许`,
        '  入站：kube-system/coredns 未处于入站隔离（没有策略以 Ingress 选择它）：允许',
        '',
      ].join('\n'),
    );
  });

  it('the tiers of ClusterNetworkPolicies, word for word', () => {
    assert.equal(
      run(['reach', '--locale', 'zh-cn', '--from', 'blog/blog', '--to', 'shop/db', '--port', '5432', TIERS], root).stdout,
      [
        'blog/blog -> shop/db，端口 5432/TCP：拒绝',
        '  出站：blog/blog：允许，经由各 tier（Admin、NetworkPolicy、Baseline）',
        '    没有 tier 作出决定：取默认值（允许）',
        '  入站：shop/db：拒绝，经由各 tier（Admin、NetworkPolicy、Baseline）',
        `    在 Admin tier 中由 ClusterNetworkPolicy shop-db-closed（Admin tier，优先级 20）spec.ingress[0] "others" Deny（${TIERS}/admin.yaml:58）决定`,
        '',
      ].join('\n'),
    );
  });

  it('JSON is the same in both languages', () => {
    const args = ['reach', '--from', 'blog/blog', '--to', 'shop/db', '--port', '5432', '--format', 'json', TIERS];
    assert.equal(run([...args, '--locale', 'zh-cn'], root).stdout, run(args, root).stdout);
  });
});

describe('connlist and diff --locale zh-cn: sentences and headers in Chinese, names, ports and JSON/CSV as they are', () => {
  const SEED = 'test/fixtures/reach/seed';
  const SHOP = 'test/fixtures/connlist/shop';

  it('connlist md: a Chinese header over the same rows; text and CSV as in English', () => {
    const zh = run(['connlist', '--locale', 'zh-cn', '--format', 'md', SHOP], root).stdout.split('\n');
    const en = run(['connlist', '--format', 'md', SHOP], root).stdout.split('\n');
    assert.equal(zh[0], '| 源 | 目的 | 端口 |');
    assert.equal(en[0], '| From | To | Ports |');
    assert.deepEqual(zh.slice(1), en.slice(1));
    assert.ok(zh.length > 5);
    for (const format of ['text', 'csv', 'json']) {
      assert.equal(run(['connlist', '--locale', 'zh-cn', '--format', format, SHOP], root).stdout, run(['connlist', '--format', format, SHOP], root).stdout, format);
    }
  });

  it('connlist: "no connection is allowed" in Chinese, in text and md', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-l10n-'));
    try {
      writeFileSync(
        path.join(dir, 'app.yaml'),
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: { name: app, namespace: default }',
          'spec:',
          '  selector: { matchLabels: { app: app } }',
          '  template:',
          '    metadata: { labels: { app: app } }',
          '    spec: { containers: [{ name: app, image: nginx }] }',
          '---',
          'apiVersion: networking.k8s.io/v1',
          'kind: NetworkPolicy',
          'metadata: { name: deny-all, namespace: default }',
          'spec: { podSelector: {}, policyTypes: [Ingress, Egress] }',
          '',
        ].join('\n'),
      );
      assert.equal(run(['connlist', '--locale', 'zh-cn', '--focus', 'default/app', '.'], dir).stdout, '没有允许的连接\n');
      assert.equal(run(['connlist', '--locale', 'zh-cn', '--focus', 'default/app', '--format', 'md', '.'], dir).stdout, '没有允许的连接。\n');
      assert.equal(run(['connlist', '--focus', 'default/app', '.'], dir).stdout, 'no connection is allowed\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('diff md: title, header, change and reasons in Chinese; policies, rules and ports as they are', () => {
    const out = run(['diff', '--locale', 'zh-cn', '--format', 'md', `${SEED}/workloads.yaml`, SEED], root).stdout.split('\n');
    assert.deepEqual(out.slice(0, 5), [
      '**连通性变化**：新增 0 条，移除 6 条',
      '',
      '| 变化 | 源 | 目的 | 端口 | 原因 |',
      '| --- | --- | --- | --- | --- |',
      '| ➖ 移除 | default/restricted-app | kube-system/coredns | TCP 1-52,54-65535; UDP 1-52,54-65535; SCTP 1-65535 | default/restricted-app 原先未处于出站隔离; kube-system/coredns 原先未处于入站隔离; default/restricted-app 被 default/deny-external-egress 出站隔离；没有规则允许 TCP 1-52,54-65535; UDP 1-52,54-65535; SCTP 1-65535 |',
    ]);
    assert.equal(out[5], '| ➖ 移除 | default/restricted-app | 0.0.0.0-9.255.255.255 | all | default/restricted-app 原先未处于出站隔离; default/restricted-app 被 default/deny-external-egress 出站隔离；没有规则允许它 |');
    const added = run(['diff', '--locale', 'zh-cn', '--format', 'md', SEED, `${SEED}/workloads.yaml`], root).stdout.split('\n');
    assert.equal(added[0], '**连通性变化**：新增 6 条，移除 0 条');
    assert.equal(added[5], '| ➕ 新增 | default/restricted-app | 0.0.0.0-9.255.255.255 | all | default/restricted-app 未处于出站隔离 |');
  });

  it('diff: no change, in text and md; the +/- lines, JSON and CSV as in English', () => {
    assert.equal(run(['diff', '--locale', 'zh-cn', SEED, SEED], root).stdout, '连通性没有变化\n');
    assert.equal(run(['diff', '--locale', 'zh-cn', '--format', 'md', SEED, SEED], root).stdout, '**连通性变化**：无。\n');
    for (const format of ['text', 'csv', 'json']) {
      const args = ['diff', '--format', format, `${SEED}/workloads.yaml`, SEED];
      assert.equal(run([...args, '--locale', 'zh-cn'], root).stdout, run(args, root).stdout, format);
    }
  });
});

describe('matrix and reach --locale zh-cn: the notes on stderr in Chinese, the tables as they are', () => {
  const SEED = 'test/fixtures/reach/seed';

  it('matrix: the same tables; the note on a Cilium policy and the error without workloads in Chinese', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-l10n-'));
    try {
      const cnp = path.join(dir, 'cnp.yaml');
      writeFileSync(cnp, 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: web, namespace: default}\nspec:\n  endpointSelector: {}\n  egressDeny:\n  - toEntities: [world]\n');
      const zh = run(['matrix', '--locale', 'zh-cn', `${SEED}/workloads.yaml`, cnp], root);
      const en = run(['matrix', `${SEED}/workloads.yaml`, cnp], root);
      assert.equal(zh.stdout, en.stdout);
      assert.equal(zh.stderr, `netpol-lens: 1 个 Cilium 策略（${cnp}）不在此回答之内：matrix 只评估 Kubernetes NetworkPolicy\n`);
      const none = spawnSync(process.execPath, [CLI, 'reach', '--locale', 'zh-cn', '--from', 'a', '--to', 'b', '--port', '1', dir], { encoding: 'utf8', env: env() });
      assert.equal(none.status, 2);
      assert.match(none.stderr, /1 个 Cilium 策略.*不在此回答之内：reach 只评估/);
      assert.match(none.stderr, new RegExp(`在 ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} 中没有找到工作负载（读取了 1 个文件；查找的是 Pod, Deployment, .*）：请同时给出工作负载清单的路径`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the general help --locale zh-cn', () => {
  it('lists the commands in Chinese, command names and options as they are', () => {
    const zh = run(['--help', '--locale', 'zh-cn'], root).stdout.split('\n');
    const en = run(['--help'], root).stdout.split('\n');
    assert.equal(zh.length, en.length);
    assert.equal(zh[0], '用法：netpol-lens <command> [options] [paths...]');
    assert.equal(en[0], 'Usage: netpol-lens <command> [options] [paths...]');
    // Each command line keeps its name in the same column.
    const names = (lines: string[]) => lines.filter((l) => l.startsWith('  ')).map((l) => l.slice(0, 12));
    assert.deepEqual(names(zh), names(en));
    for (const line of zh.filter((l) => l !== '')) assert.match(line, HAN, line);
  });

  it('an unknown command: the error and the help in Chinese on stderr', () => {
    const result = spawnSync(process.execPath, [CLI, 'nope'], { encoding: 'utf8', env: env({ LANG: 'zh_CN.UTF-8' }) });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^netpol-lens: 未知命令“nope”\n\n用法：netpol-lens <command>/);
  });
});

describe('every command --help --locale zh-cn', () => {
  for (const command of ['check', 'explain', 'reach', 'matrix', 'connlist', 'diff', 'test']) {
    it(`${command}: every line of the help in Chinese, options in the same column as in English`, () => {
      const zh = run([command, '--help', '--locale', 'zh-cn'], root).stdout.split('\n');
      const en = run([command, '--help'], root).stdout.split('\n');
      assert.match(zh[0]!, new RegExp(`^用法：netpol-lens ${command} `));
      assert.match(en[0]!, new RegExp(`^Usage: netpol-lens ${command} `));
      const options = (lines: string[]) => lines.filter((l) => /^ {2}-/.test(l)).map((l) => `${l.indexOf(l.split(/ {2,}/)[2] ?? '')} ${l.split(/ {2,}/)[1]}`);
      assert.deepEqual(options(zh), options(en));
      assert.ok(options(zh).some((o) => o.endsWith(' -h, --help')));
      // An option alone on its line (its description below it) has no word to translate.
      for (const line of zh.filter((l) => l.trim() !== '' && !/^ {2}--[a-z-]+ <[a-z|]+>$/.test(l))) assert.match(line, HAN, line);
    });
  }

  it('the help after a usage error follows the language too', () => {
    const result = spawnSync(process.execPath, [CLI, 'reach', '--locale', 'zh-cn'], { encoding: 'utf8', env: env() });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /\n\n用法：netpol-lens reach --from <endpoint>/);
  });
});

describe('usage and input errors --locale zh-cn: the error in Chinese, options, values and paths as they are', () => {
  /** The first line on stderr of a run that must fail with exit code 2. */
  function error(args: string[], cwd = root, extra: Record<string, string> = {}): string {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: env(extra) });
    assert.equal(result.status, 2, `${args.join(' ')}: exit ${result.status}: ${result.stdout}`);
    return result.stderr.split('\n')[0]!;
  }

  it('a bad option value of each command, word for word, and the same error in English', () => {
    assert.equal(error(['check', '--format', 'xml', '--locale', 'zh-cn']), 'netpol-lens: --format 只能是 text、json 或 sarif，而不是“xml”');
    assert.equal(error(['check', '--format', 'xml']), 'netpol-lens: --format must be text, json or sarif, not "xml"');
    assert.equal(error(['reach', '--from', 'a', '--to', 'b', '--port', '80/icmp', '--locale', 'zh-cn']), 'netpol-lens: “80/icmp”中的协议无效：应为 TCP、UDP 或 SCTP');
    assert.equal(error(['reach', '--locale', 'zh-cn']), 'netpol-lens: reach 需要 --from、--to 和 --port');
    assert.equal(error(['matrix', '--ips', '10.0.0', '--locale', 'zh-cn']), 'netpol-lens: --ips：“10.0.0”不是 IP 地址');
    assert.equal(error(['diff', 'a', '--locale', 'zh-cn']), 'netpol-lens: diff 需要两个要比较的版本 <old> 和 <new>，而不是 1 个');
    assert.equal(error(['connlist', '--direction', 'egress', '--locale', 'zh-cn']), 'netpol-lens: --direction 需要同时给出 --focus');
    assert.equal(error(['test', '--format', 'csv', '--locale', 'zh-cn']), 'netpol-lens: --format 只能是 text、json 或 sarif，而不是“csv”');
    assert.equal(error(['explain', '--format', 'csv'], root, { LANG: 'zh_CN.UTF-8' }), 'netpol-lens: --format 只能是 text 或 json，而不是“csv”');
    assert.equal(error(['check', '--locale=C']), 'netpol-lens: --locale takes a language such as en or zh-cn, not "C"');
  });

  it("Node's option parsing errors in Chinese: unknown option, missing value, value not taken", () => {
    assert.equal(error(['check', '--nope', '--locale', 'zh-cn']), 'netpol-lens: 未知选项“--nope”（以“-”开头的参数请放在命令末尾的“--”之后）');
    assert.equal(error(['check', '--nope']), "netpol-lens: unknown option '--nope' (an argument starting with '-' goes at the end, after '--')");
    assert.equal(error(['check', '--locale', 'zh-cn', '--format']), 'netpol-lens: 选项“--format <value>”需要一个值');
    assert.equal(error(['check', '--fix=yes', '--locale', 'zh-cn']), 'netpol-lens: 选项“--fix”不接受值');
    assert.equal(error(['check', '--max-warnings', '-1', '--locale', 'zh-cn']), 'netpol-lens: 选项“--max-warnings”后面跟着一个以“-”开头的值：如果这正是它的值，请写成 --max-warnings=值');
  });

  it('--config errors: unknown setting with its suggestion, a bad value, a missing file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-l10n-'));
    try {
      const typo = path.join(dir, 'typo.json');
      const bad = path.join(dir, 'bad.json');
      writeFileSync(typo, '{"dns": {"prot": 5353}}');
      writeFileSync(bad, '{"dns.port": 0}');
      assert.match(error(['check', '--locale', 'zh-cn', '--config', typo, dir]), new RegExp(`^netpol-lens: --config ${typo}：未知设置“dns\\.prot”（你是想写“dns\\.port”吗？）；可用的设置有 enable, rules, `));
      assert.equal(error(['explain', '--locale', 'zh-cn', '--config', bad, dir]), `netpol-lens: --config ${bad}：netpolLens.dns.port：应为 1 到 65535 之间的端口号`);
      assert.equal(error(['check', '--locale', 'zh-cn', '--config', path.join(dir, 'none.json'), dir]), `netpol-lens: 无法读取 --config ${path.join(dir, 'none.json')}：ENOENT`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a path that does not exist, a git revision that does not exist, a folder without expectations', () => {
    const result = spawnSync(process.execPath, [CLI, 'explain', '--locale', 'zh-cn', 'no-such-dir'], { cwd: root, encoding: 'utf8', env: env() });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'netpol-lens: no-such-dir: 没有这个文件或目录\n');
    assert.equal(result.stdout, '没有找到 NetworkPolicy。\n');
    assert.match(error(['diff', '--locale', 'zh-cn', 'git:no-such-ref', 'git:HEAD']), /^netpol-lens: git:no-such-ref：位于 .* 的仓库中没有这个提交$/);
    assert.equal(
      error(['test', '--locale', 'zh-cn', 'examples/dns-udp-only']),
      'netpol-lens: 在 examples/dns-udp-only 中没有找到预期文件（读取了 2 个文件；查找的是 apiVersion: netpol-lens/v1、kind: ConnectivityExpectations 的文档）',
    );
  });
});

describe('test and explain --locale zh-cn: text output in Chinese, status words and fields as they are', () => {
  it('test: each result and the summary; ok and BROKEN stay for scripts', () => {
    const result = spawnSync(process.execPath, [CLI, 'test', '--locale', 'zh-cn', '.'], { cwd: path.join(EXAMPLES, 'expectations'), encoding: 'utf8', env: env() });
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      [
        'netpol-expectations.yaml:7: ok: shop/restricted-app -> kube-system/kube-dns，端口 53/UDP 允许',
        'netpol-expectations.yaml:12: ok: shop/restricted-app -> kube-system/kube-dns，端口 53/TCP 允许',
        'netpol-expectations.yaml:16: ok: shop/restricted-app -> 8.8.8.8 拒绝',
        'netpol-expectations.yaml:20: BROKEN: 预期 shop/restricted-app -> shop/api 在 8080/TCP 上被允许，但 shop/restricted-app -> shop/api 在 8080/TCP 上被拒绝',
        '  出站：shop/restricted-app 被 shop/deny-external-egress (policy.yaml:3) 隔离；没有规则允许此连接：拒绝',
        '  入站：shop/api 未处于入站隔离（没有策略以 Ingress 选择它）：允许',
        'netpol-expectations.yaml:25: ok: shop/restricted-app -> 10.0.0.0/8，端口 5432/TCP 允许',
        '共 5 条预期：4 条成立，1 条被违反',
        '',
      ].join('\n'),
    );
    const en = spawnSync(process.execPath, [CLI, 'test', '.'], { cwd: path.join(EXAMPLES, 'expectations'), encoding: 'utf8', env: env() }).stdout.split('\n');
    assert.equal(en[0], 'netpol-expectations.yaml:7: ok: shop/restricted-app -> kube-system/kube-dns on 53/UDP allowed');
    assert.equal(en[4], '  egress: shop/restricted-app is isolated by shop/deny-external-egress (policy.yaml:3); no rule allows this: denied');
    assert.equal(en[7], '5 expectations: 4 hold, 1 broken');
  });

  it('explain: the table header in Chinese, its columns aligned for wide characters', () => {
    const lines = run(['explain', '--locale', 'zh-cn', '.'], path.join(EXAMPLES, 'ignored-egress-rules')).stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(-2), [
      '  类型     规则             对端                                                             端口',
      '  Ingress  spec.ingress[0]  名字空间 kubernetes.io/metadata.name=ingress-nginx 中的所有 Pod  任意端口',
    ]);
  });
});
