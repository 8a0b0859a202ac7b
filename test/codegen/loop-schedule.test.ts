// The loop kernels' schedule for movielens at K = 30 (too wide to unroll): pinned by a golden file; within the memory
// budget; nothing stored wider than the contraction's widest factor product (never K^3 x U x D); words shared only
// between values whose lives are disjoint.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { prepareFit, kernelSource } from '../../src/infer/prepare.js';
import { generateWgsl } from '../../src/codegen-wgsl/generate.js';
import { printPlan } from '../../src/plan/print-plan.js';
import { GLOB_BUDGET } from '../../src/plan/tensor-schedule.js';
import { loadExample } from '../support/examples.js';
import { compareGolden } from '../support/golden-file.js';

for (const method of ['mp-vi', 'rws', 'qem'] as const)
  test(`movielens by ${method}, K = 30: the loop-kernel schedule`, async () => {
    const ex = await loadExample('movielens', undefined, undefined, { method, K: 30 });
    const prog = generateWgsl(kernelSource(prepareFit(ex.checked, ex.data, ex.objective), 'adam'));
    const plan = prog.plan;
    assert.is(plan.mode, 'tensor');
    const sched = plan.tensor!;
    if (method === 'mp-vi') {
      const d = compareGolden('test/golden/plan/movielens-k30.plan.txt', printPlan(plan));
      assert.is(d, null, d ?? '');
    }
    assert.ok(sched.globLength <= GLOB_BUDGET, `glob ${sched.globLength} words`);
    const bytes = prog.buffers.reduce((n, b) => n + 4 * (b.words === 'steps' ? 2000 : b.words), 0);
    assert.ok(bytes < 64 << 20, `${bytes} bytes`);
    const ksample = new Set(plan.fn.axes.filter((a) => a.role === 'ksample').map((a) => a.id));
    for (const s of sched.stored.values()) {
      const k = s.axes.filter((a) => ksample.has(a)).length;
      assert.ok(
        k < 3 || s.axes.length === 4,
        `%${s.value} over [${s.axes.join(', ')}] is stored: three sample axes and more than the user`,
      );
      assert.ok(s.count <= 30 ** 3 * 300, `%${s.value} has ${s.count} elements`);
    }
    const list = [...sched.stored.values()];
    for (const a of list)
      for (const b of list) {
        if (a === b) continue;
        const words = a.offset < b.offset + b.count && b.offset < a.offset + a.count;
        const lives = a.level <= b.until && b.level <= a.until;
        assert.ok(!(words && lives), `%${a.value} and %${b.value} share words while both live`);
      }
  });

test.run();
