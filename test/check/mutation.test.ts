// Robustness: thousands of randomly mutated example programs (seeded) never make the front end throw or emit a bad diagnostic.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { checkProgram } from '../support/examples.js';
import { printTyped } from '../../src/check/print-typed.js';
import { hasErrors } from '../../src/diag/diagnostic.js';
import { rng } from '../support/seeded.js';

const TOKEN = /\s+|\/\/[^\n]*|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:e-?\d+)?|&&|\|\||[<>=!]=|./gs;
const tokenize = (s: string): string[] => s.match(TOKEN) ?? [];

const sources = readdirSync('examples')
  .filter((f) => f.endsWith('.ppl'))
  .sort()
  .map((f) => ({ file: `examples/${f}`, tokens: tokenize(readFileSync(`examples/${f}`, 'utf8')) }));
const pool = [...new Set(sources.flatMap((s) => s.tokens.filter((t) => t.trim() !== '')))].sort();

function mutate(tokens: readonly string[], r: () => number): string {
  const t = [...tokens];
  const pick = (): number => Math.floor(r() * t.length);
  const edits = 1 + Math.floor(r() * 3);
  for (let e = 0; e < edits && t.length > 0; e++) {
    const k = pick();
    const op = Math.floor(r() * 5);
    if (op === 0) t.splice(k, 1);
    else if (op === 1) t.splice(k, 0, t[k]!);
    else if (op === 2) {
      const j = pick();
      [t[k], t[j]] = [t[j]!, t[k]!];
    } else if (op === 3) t[k] = pool[Math.floor(r() * pool.length)]!;
    else t.length = k;
  }
  return t.join('');
}

const MUTANTS = 2400;

test(`${MUTANTS} mutants: clean or well-formed diagnostics, never a throw`, async () => {
  const r = rng(20240611);
  let clean = 0;
  let failed = 0;
  const t0 = Date.now();
  for (let n = 0; n < MUTANTS; n++) {
    const src = sources[n % sources.length]!;
    const text = mutate(src.tokens, r);
    const file = `mutant-${n}.ppl`;
    let res;
    try {
      res = await checkProgram(text, file);
    } catch (e) {
      assert.unreachable(`mutant ${n} of ${src.file} threw ${String(e)}:\n${text}`);
      return;
    }
    for (const d of res.diagnostics) {
      assert.match(d.code, /^E0\d\d\d$/, `mutant ${n}: code ${d.code}`);
      assert.not.match(
        d.code,
        /^E0[12]99$/,
        `mutant ${n}: internal error ${d.message} ${d.note ?? ''}:\n${text}`,
      );
      assert.is(d.file, file);
      assert.ok(d.message.length > 0);
      if (d.span) {
        const { start, end } = d.span;
        assert.ok(
          start.offset >= 0 && start.offset <= end.offset && end.offset <= text.length,
          `mutant ${n}: span out of range:\n${text}`,
        );
        assert.ok(start.line >= 1 && start.column >= 1);
      }
    }
    if (res.checked) {
      assert.not.ok(hasErrors(res.diagnostics), `mutant ${n}: checked despite errors`);
      assert.ok(printTyped(res.checked).length > 0);
      clean++;
    } else {
      assert.ok(hasErrors(res.diagnostics), `mutant ${n}: no program and no error:\n${text}`);
      failed++;
    }
  }
  assert.ok(clean > 100 && failed > 100, `${clean} clean, ${failed} rejected`);
  assert.ok(Date.now() - t0 < 20000, 'the mutation run must stay under 20 s');
});

test.run();
