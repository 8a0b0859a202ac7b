// An optimizer with three state arrays (AMSGrad), defined here and nowhere in src: the kernel emitters run it
// unchanged, and the GPU's steps follow the CPU's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  MOMENT_FIELDS,
  DEFAULT_HYPERPARAMETERS,
  type Optimizer,
} from '../../src/optim/optimizer.js';
import { generateWgsl, printWgsl } from '../../src/codegen-wgsl/generate.js';
import { kernelSource, prepareFit } from '../../src/infer/prepare.js';
import { stepCpu } from '../../src/infer/cpu-driver.js';
import { stepWebGpu } from '../../src/infer/webgpu-driver.js';
import type { RunOptions } from '../../src/infer/fit-result.js';
import { loadExample } from '../support/examples.js';

/** torch.optim.Adam(amsgrad=True): the denominator uses the running maximum of v. */
const amsgrad: Optimizer = {
  help: 'Adam with the AMSGrad maximum (torch.optim.Adam, amsgrad=True)',
  defaultLr: 0.01,
  state: ['m', 'v', 'vmax'],
  decayBeforeUpdate: false,
  cfg: MOMENT_FIELDS,
  update(p, g, [m, v, vmax], t, lr, h) {
    const bc1 = 1 - Math.pow(h.beta1, t);
    const bc2 = 1 - Math.pow(h.beta2, t);
    for (let k = 0; k < p.length; k++) {
      m![k] = h.beta1 * m![k]! + (1 - h.beta1) * g[k]!;
      v![k] = h.beta2 * v![k]! + (1 - h.beta2) * g[k]! * g[k]!;
      vmax![k] = Math.max(vmax![k]!, v![k]!);
      p[k] = p[k]! - (lr / bc1) * (m![k]! / (Math.sqrt(vmax![k]!) / Math.sqrt(bc2) + h.eps));
    }
  },
  wgsl: /* wgsl */ `
struct Hyper { lr: f32, bc1: f32, bc2: f32 }

fn hyper_at(t: u32) -> Hyper {
  let tf = f32(t);
  return Hyper(lr_at(t, 1.0), -expm1_f(tf * cfg.log_beta1), -expm1_f(tf * cfg.log_beta2));
}

fn opt_update(p: ptr<function, f32>, g: f32, s: ptr<function, OptState>, h: Hyper) {
  (*s).m = cfg.beta1 * (*s).m + (1.0 - cfg.beta1) * g;
  (*s).v = cfg.beta2 * (*s).v + (1.0 - cfg.beta2) * g * g;
  (*s).vmax = max((*s).vmax, (*s).v);
  *p = *p - (h.lr / h.bc1) * ((*s).m / (sqrt((*s).vmax) / sqrt(h.bc2) + cfg.eps));
}
`,
};

const options = (steps: number): RunOptions => ({
  steps,
  optimizer: { ...DEFAULT_HYPERPARAMETERS, name: 'adam', lr: 0.05, rule: amsgrad },
  particles: 1,
  seed: 4,
  draws: 1000,
});

test('the kernels declare its three state arrays and the plan lays them out', async () => {
  const ex = await loadExample('linreg');
  const prep = prepareFit(ex.checked, ex.data, ex.objective);
  const prog = generateWgsl(kernelSource(prep, amsgrad), { subgroupSize: 8 });
  const wgsl = printWgsl(prog);
  assert.match(wgsl, /struct OptState \{ m: f32, v: f32, vmax: f32 \}/);
  assert.match(wgsl, /var p0_0_s = OptState\(state\[\d+u\], state\[\d+u\], state\[\d+u\]\);/);
  for (const p of prog.plan.params) assert.is(p.stateOffsets.length, 3);
});

for (const name of ['linreg', 'eight_schools'])
  test(`${name}: 50 AMSGrad steps on WebGPU follow the CPU's`, async () => {
    const ex = await loadExample(name);
    const prep = prepareFit(ex.checked, ex.data, ex.objective);
    const cpu = stepCpu(prep, options(50));
    const gpu = await stepWebGpu(prep, options(50));
    assert.is(gpu.steps, 50);
    assert.is(gpu.divergence, null);
    // Float32 against float64 over 50 steps of a rate-0.05 optimizer: the params agree to about 1e-3.
    cpu.params.forEach((p, i) =>
      p.values.forEach((want, k) => {
        const got = gpu.params[i]!.values[k]!;
        assert.ok(
          Math.abs(got - want) <= 2e-3 * (1 + Math.abs(want)),
          `${p.decl.name}[${k}]: gpu ${got}, cpu ${want}`,
        );
      }),
    );
    // The maximum is in force: AMSGrad and Adam take different paths from the same start.
    const adam = stepCpu(prep, {
      ...options(50),
      optimizer: { ...options(50).optimizer, rule: undefined },
    });
    assert.ok(
      adam.params.some((p, i) => p.values.some((x, k) => x !== cpu.params[i]!.values[k])),
      'AMSGrad took the same steps as Adam',
    );
  });

test.run();
