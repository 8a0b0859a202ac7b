// The data buffer, written by the host and read by the kernels, side by side: the packer that lays the data out as the
// plan says, the reads (one binding as f32s and vec4s, or windows of it through data_v4 / data_f), and their bindings.
import { InternalError } from '../diag/diagnostic.js';
import { DATA_BLOCK, blockGroups, type KernelPlan } from '../plan/types.js';
import { BUFFERS, DATA_VIEW_BINDING, declareBuffer, type KernelBinding } from './bindings.js';
import type { EmitEnv } from './emit-scope.js';

/** A read of the f32 at word index `idx` of the data buffer. */
export function dataF(env: EmitEnv, idx: string): string {
  env.dataUses.add('f32');
  return env.plan.dataWindows ? `data_f(${idx})` : `data[${idx}]`;
}

/** A read of the vec4 at vec4 index `idx` of the data buffer. */
export function dataV4(env: EmitEnv, idx: string): string {
  env.dataUses.add('vec4');
  return env.plan.dataWindows ? `data_v4(${idx})` : `data4[${idx}]`;
}

/** The declarations and bindings of the data views a kernel's reads use. */
export function dataBindings(
  plan: KernelPlan,
  uses: ReadonlySet<string>,
): { decls: string[]; bindings: KernelBinding[] } {
  const decls: string[] = [];
  const bindings: KernelBinding[] = [];
  const w = plan.dataWindows;
  const access = BUFFERS.data.access;
  if (!w) {
    if (uses.has('f32')) {
      decls.push(declareBuffer('data'));
      bindings.push({ binding: BUFFERS.data.binding, buffer: 'data', access });
    }
    if (uses.has('vec4')) {
      decls.push(
        `@group(0) @binding(${DATA_VIEW_BINDING}) var<storage, read> data4: array<vec4<f32>>; // the same buffer: blocked rows`,
      );
      bindings.push({ binding: DATA_VIEW_BINDING, buffer: 'data', access });
    }
    return { decls, bindings };
  }
  if (uses.size === 0) return { decls, bindings };
  decls.push(
    `// The data buffer in ${w.count} windows of ${w.vec4s} vec4s: one storage binding holds at most ${w.vec4s * 16} bytes here.`,
  );
  for (let k = 0; k < w.count; k++) {
    decls.push(
      `@group(0) @binding(${DATA_VIEW_BINDING + k}) var<storage, read> data_w${k}: array<vec4<f32>>;`,
    );
    bindings.push({
      binding: DATA_VIEW_BINDING + k,
      buffer: 'data',
      access,
      range: { offset: k * w.vec4s * 16, size: w.vec4s * 16 },
    });
  }
  decls.push('fn data_v4(i: u32) -> vec4<f32> {');
  decls.push(`  let w = i / ${w.vec4s}u;`);
  for (let k = 0; k < w.count - 1; k++)
    decls.push(`  if (w == ${k}u) { return data_w${k}[${k ? `i - ${k * w.vec4s}u` : 'i'}]; }`);
  const last = w.count - 1;
  decls.push(`  return data_w${last}[i - ${last * w.vec4s}u];`);
  decls.push('}');
  decls.push('fn data_f(k: u32) -> f32 { return data_v4(k >> 2u)[k & 3u]; }');
  return { decls, bindings };
}

/** The data buffer's contents as the plan lays them out (whole vec4s: the data is also read as vec4s). */
export function packData(
  plan: Pick<KernelPlan, 'data' | 'dataLength'>,
  arrays: ReadonlyMap<string, { readonly values: Float64Array }>,
): Float32Array {
  const out = new Float32Array(Math.max(4, Math.ceil(plan.dataLength / 4) * 4));
  for (const d of plan.data) {
    const a = arrays.get(d.name);
    if (!a) throw new InternalError(`no data named ${d.name}`);
    if (!d.blocked) {
      out.set(a.values, d.offset);
      continue;
    }
    // See DataSlot.blocked: [block][column group][row in block][4].
    const width = a.values.length / d.shape[0]!;
    const G = blockGroups(d.shape);
    for (let i = 0; i < d.shape[0]!; i++) {
      const block =
        d.offset + Math.floor(i / DATA_BLOCK) * DATA_BLOCK * G * 4 + (i % DATA_BLOCK) * 4;
      for (let j = 0; j < width; j++)
        out[block + (j >> 2) * DATA_BLOCK * 4 + (j & 3)] = a.values[i * width + j]!;
    }
  }
  return out;
}
