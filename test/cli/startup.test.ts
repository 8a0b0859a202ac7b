// `check` and `compile` start fast: they load only the stages they run, and the Lexer skips pattern analysis.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import type { TokenType } from 'chevrotain';
import { chev } from '../../src/parser/chevrotain.js';
import { allTokens } from '../../src/parser/tokens.js';

// A module-load hook (Node's module.register) that names every file module the command loads on stderr.
const dir = mkdtempSync(join(tmpdir(), 'pplc-startup-'));
const hook = join(dir, 'hook.mjs');
const register = join(dir, 'register.mjs');
writeFileSync(
  hook,
  // Hooks run on their own thread, whose process.stderr may lose lines at exit: write to fd 2 directly.
  `import { writeSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) writeSync(2, 'pplc-load ' + url + '\\n');
  return next(url, context);
}\n`,
);
writeFileSync(
  register,
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`,
);

/** The modules a pplc run loads: dist/src folders (e.g. 'parser', 'ir/passes') and node_modules packages. */
function loaded(args: readonly string[]): {
  urls: string[];
  areas: Set<string>;
  packages: Set<string>;
} {
  const r = spawnSync(process.execPath, ['--import', register, 'bin/pplc', ...args], {
    encoding: 'utf8',
  });
  assert.is(r.status, 0, r.stderr);
  const urls = [...r.stderr.matchAll(/^pplc-load (.+)$/gm)].map((m) => m[1]!);
  const areas = new Set(urls.flatMap((u) => /\/dist\/src\/(.+)\/[^/]+\.js$/.exec(u)?.[1] ?? []));
  const packages = new Set(urls.flatMap((u) => /\/node_modules\/([^/]+)\//.exec(u)?.[1] ?? []));
  assert.ok(areas.has('parser'), `the load hook saw no parser module:\n${r.stderr}`);
  return { urls, areas, packages };
}

const forbid = (areas: Set<string>, names: readonly string[], what: string): void => {
  for (const n of names) assert.not.ok(areas.has(n), `${what} loads dist/src/${n}`);
};

// The fit's backends: compiling a program (even with --optimizer and --data) loads none of them.
const FIT_ONLY = ['api', 'infer', 'runtime', 'codegen-wgsl'];

test('check loads neither lowering nor the fit stack; nor the data modules without --data', () => {
  const { urls, areas } = loaded(['check', 'examples/linreg.ppl']);
  // Chevrotain's package entry (lib/src/api.js) would load hundreds of lodash modules.
  assert.ok(urls.some((u) => u.endsWith('/chevrotain/lib/chevrotain.min.mjs')));
  assert.not.ok(urls.some((u) => u.includes('/chevrotain/lib/src/')));
  forbid(
    areas,
    [...FIT_ONLY, 'plan', 'methods', 'optim', 'ad', 'lower', 'ir/passes', 'data'],
    'check',
  );
  // The checker reads the built-in functions off the elementwise op records, and nothing else of the IR.
  const ir = urls.filter((u) => /\/dist\/src\/ir\//.test(u)).map((u) => u.replace(/.*\/src\//, ''));
  assert.equal(ir, ['ir/elementwise.js'], `check loads ${ir.join(', ')}`);
  assert.ok(
    loaded(['check', 'examples/linreg.ppl', '--data', 'examples/linreg.json']).areas.has('data'),
  );
});

test('compile without --data loads no code generator, runtime or fit driver', () => {
  const { urls, areas } = loaded(['compile', 'examples/linreg.ppl', '-o', join(dir, 'out')]);
  // The module embeds the init and draws functions (src/infer/prepare.ts lowers them), but no driver runs.
  forbid(areas, ['api', 'runtime', 'codegen-wgsl', 'plan', 'data'], 'compile');
  const drivers = urls.filter((u) => /\/infer\/(cpu-driver|webgpu-driver|posterior)\.js$/.test(u));
  assert.equal(drivers, []);
  assert.ok(areas.has('lower') && areas.has('ad'));
});

test('compile --data generates WGSL without loading a fit backend or WebGPU', () => {
  const args = ['compile', 'examples/linreg.ppl', '--data', 'examples/linreg.json'];
  const { areas, packages } = loaded([...args, '-o', join(dir, 'with-data')]);
  assert.ok(areas.has('codegen-wgsl'));
  forbid(areas, ['api'], 'compile --data');
  assert.not.ok(packages.has('webgpu'), 'compile --data loads the webgpu package');
});

test('fit loads no plotting package unless --plot or --report asks for pictures', () => {
  const args = ['fit', 'examples/mle.ppl', '--data', 'examples/mle.json', '--steps', '1'];
  const { packages } = loaded([...args, '--backend', 'cpu', '--json']);
  assert.ok(packages.has('chevrotain'));
  for (const p of packages) assert.not.ok(p.startsWith('vega'), `fit loads ${p}`);
});

test("each token's line_breaks agrees with Chevrotain's own analysis of its pattern", () => {
  // The same patterns without line_breaks, so that the Lexer infers it from the regular expression.
  const bare = allTokens.map((t) =>
    chev.createToken({ name: t.name, pattern: t.PATTERN as RegExp }),
  );
  const canBreak = (tokens: TokenType[]): Map<string, boolean> => {
    const lexer = new chev.Lexer(tokens, { positionTracking: 'full' });
    // Chevrotain's per-pattern analysis is internal; a missing field must fail here, not pass.
    const configs = (
      lexer as unknown as {
        patternIdxToConfig?: Record<string, { tokenType: TokenType; canLineTerminator: boolean }[]>;
      }
    ).patternIdxToConfig?.['defaultMode'];
    assert.ok(configs, "Chevrotain's Lexer no longer exposes patternIdxToConfig");
    return new Map(configs.map((c) => [c.tokenType.name, c.canLineTerminator]));
  };
  for (const t of allTokens)
    assert.ok('LINE_BREAKS' in t, `${t.name} does not declare line_breaks`);
  assert.equal(canBreak([...allTokens]), canBreak(bare));
});

test.run();
