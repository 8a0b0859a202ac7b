// How kernels read the data buffer: through one binding (f32s and, for blocked rows, vec4s), or, for data larger
// than one storage binding, through windows of it picked by data_v4 / data_f.
import { DATA4_BINDING, type KernelPlan } from '../plan/plan.js';

/** Stands for the data declarations while a kernel is assembled (see withDataDecls). */
export const DATA_DECLS = '// @@data-declarations@@';

/** A read of the f32 at word index `idx` of the data buffer. */
export const dataF = (plan: KernelPlan, idx: string): string =>
  plan.dataWindows ? `data_f(${idx})` : `data[${idx}]`;

/** A read of the vec4 at vec4 index `idx` of the data buffer. */
export const dataV4 = (plan: KernelPlan, idx: string): string =>
  plan.dataWindows ? `data_v4(${idx})` : `data4[${idx}]`;

/**
 * Replaces DATA_DECLS by the declarations this kernel's code needs: a binding its entry point never reads
 * would drop out of the pipeline's 'auto' layout, and the bind group would no longer match it.
 */
export function withDataDecls(plan: KernelPlan, code: string): string {
  const w = plan.dataWindows;
  const L: string[] = [];
  if (!w) {
    L.push('@group(0) @binding(0) var<storage, read> data: array<f32>;');
    if (code.includes('data4['))
      L.push(
        `@group(0) @binding(${DATA4_BINDING}) var<storage, read> data4: array<vec4<f32>>; // the same buffer: blocked rows`,
      );
  } else if (code.includes('data_f(') || code.includes('data_v4(')) {
    L.push(
      `// The data buffer in ${w.count} windows of ${w.vec4s} vec4s: one storage binding holds at most ${w.vec4s * 16} bytes here.`,
    );
    for (let k = 0; k < w.count; k++)
      L.push(
        `@group(0) @binding(${DATA4_BINDING + k}) var<storage, read> data_w${k}: array<vec4<f32>>;`,
      );
    L.push('fn data_v4(i: u32) -> vec4<f32> {');
    L.push(`  let w = i / ${w.vec4s}u;`);
    for (let k = 0; k < w.count - 1; k++)
      L.push(`  if (w == ${k}u) { return data_w${k}[${k ? `i - ${k * w.vec4s}u` : 'i'}]; }`);
    const last = w.count - 1;
    L.push(`  return data_w${last}[i - ${last * w.vec4s}u];`);
    L.push('}');
    L.push('fn data_f(k: u32) -> f32 { return data_v4(k >> 2u)[k & 3u]; }');
  }
  return code.replace(DATA_DECLS, L.join('\n'));
}
