// The whole ELBO of every example: IR verifies after every pass, and its gradient matches central differences.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildDraws } from '../../src/lower/draws.js';
import { buildInit, paramInits } from '../../src/lower/inits.js';
import { buildElbo } from '../../src/methods/trace-elbo.js';
import { verifyIR } from '../../src/ir/verify.js';
import { grad } from '../../src/ad/grad.js';
import { simplify } from '../../src/ir/passes/simplify.js';
import { compile } from '../../src/ir/interp.js';
import { prepareFit, dataEnv } from '../../src/infer/prepare.js';
import { FITTED, loadExample } from '../support/examples.js';

for (const name of FITTED) {
  test(`${name}: the IR verifies after lowering, simplification and differentiation`, async () => {
    const { checked } = await loadExample(name);
    for (const particles of [1, 3]) {
      const elbo = buildElbo(checked, particles).fn;
      assert.equal(verifyIR(elbo), [], 'lowered');
      const s = simplify(elbo);
      assert.equal(verifyIR(s), [], 'simplified');
      const g = grad(
        s,
        'loss',
        s.params.map((p) => p.name),
      );
      assert.equal(verifyIR(g), [], 'differentiated');
      assert.equal(verifyIR(simplify(g)), [], 'differentiated and simplified');
    }
    assert.equal(verifyIR(buildDraws(checked, 10).fn), [], 'draws');
    assert.equal(verifyIR(buildInit(checked, paramInits(checked))), [], 'init');
  });

  test(`${name}: ELBO gradient equals central finite differences (float64, fixed seed and step)`, async () => {
    const { checked, data, objective } = await loadExample(name, undefined, undefined, {
      particles: 2,
    });
    const prep = prepareFit(checked, data, objective);
    const fn = prep.objective.fn;
    const c = compile(fn, prep.sizes);
    // Move away from the initial point so the check is not at a special place.
    const params = new Map(
      prep.params.map((p, k) => [
        p.decl.name,
        Float64Array.from(p.values, (v, i) => v + 0.1 * Math.sin(1 + i + 3 * k)),
      ]),
    );
    const lossAt = (): number => c.run(dataEnv(data, params, 11, 7)).get(fn.outputs.loss!)![0]!;
    const out = c.run(dataEnv(data, params, 11, 7));
    // The interpreter reuses its buffers on the next run: copy the gradients first.
    const grads = new Map(
      prep.params.map((p) => [
        p.decl.name,
        Float64Array.from(out.get(fn.outputs[`grad:${p.decl.name}`]!)!),
      ]),
    );
    let checkedCount = 0;
    for (const p of prep.params) {
      const g = grads.get(p.decl.name)!;
      const arr = params.get(p.decl.name)!;
      // A few elements per param keep large models fast.
      const picks = [...new Set([0, Math.floor(arr.length / 2), arr.length - 1])];
      for (const i of picks) {
        const x0 = arr[i]!;
        const h = 1e-5 * Math.max(1, Math.abs(x0));
        arr[i] = x0 + h;
        const up = lossAt();
        arr[i] = x0 - h;
        const down = lossAt();
        arr[i] = x0;
        const fd = (up - down) / (2 * h);
        const tol = 1e-5 * Math.max(1, Math.abs(fd), Math.abs(up));
        assert.ok(
          Math.abs(g[i]! - fd) <= tol,
          `${name} d loss / d ${p.decl.name}[${i}]: AD ${g[i]} vs FD ${fd}`,
        );
        checkedCount++;
      }
    }
    assert.ok(checkedCount > 0);
  });
}

test.run();
