// The plan as text (`pplc compile --emit plan`), deterministic for golden files.
import type { AxisId } from '../ir/ir.js';
import type { KernelPlan } from './types.js';

/** The plan as text (`pplc compile --emit plan`). */
export function printPlan(p: KernelPlan): string {
  const out: string[] = [];
  const sz = (a: AxisId): string => `${a}=${p.axisSizes.get(a)}`;
  if (p.tensor) {
    out.push(
      `plan ${p.fn.name}: loop kernels, one dispatch per level of stored values (${p.tensor.levels.length} levels), then a finishing and an update dispatch`,
    );
    out.push(`  axes: ${p.fn.axes.map((a) => sz(a.id)).join(' ')}`);
    out.push(
      `  stored between dispatches: ${p.tensor.stored.size} values, ${p.tensor.globLength} floats`,
    );
    p.tensor.levels.forEach((l, i) => {
      out.push(`  level ${i}: ${l.elements} elements (a thread computes a tile of them)`);
      for (const part of l.parts)
        out.push(
          `    over [${part.axes.join(', ')}] (${part.count}): ${part.values.map((v) => `%${v}`).join(' ')}`,
        );
    });
  } else {
    out.push(
      `plan ${p.fn.name}: ${p.mode === 'single' ? 'one workgroup, many steps per dispatch' : `${p.workgroups} workgroups per loop dispatch, a finishing dispatch per stage`}`,
    );
    const how =
      p.totalsLength === 0
        ? ''
        : p.reduce === 'subgroup'
          ? ' (one subgroup: plate sums by subgroupAdd, no barrier)'
          : p.mode === 'single'
            ? ' (plate sums: per-thread partials, one barrier)'
            : ' (plate sums: per-thread partials, a workgroup tree)';
    out.push(`  workgroup size ${p.workgroupSize}${how}`);
    out.push(`  wide axes: ${p.wideAxes.length ? p.wideAxes.map(sz).join(' ') : '(none)'}`);
    for (const [a, c] of p.wideAlias) out.push(`  wide plate ${a} runs in the loop of ${c}`);
    const narrow = p.fn.axes.map((a) => a.id).filter((a) => !p.wideAxes.includes(a));
    out.push(`  narrow axes: ${narrow.length ? narrow.map(sz).join(' ') : '(none)'}`);
    const globals = p.live.filter((v) => !p.values.get(v)!.domain);
    out.push(`  global values: ${globals.length} (per thread, redundantly)`);
    for (let s = 0; s <= p.lastStage; s++) {
      const n = globals.filter((v) => p.values.get(v)!.level === s).length;
      out.push(`  stage ${s}: ${n} global values`);
      for (const l of p.loops.filter((x) => x.k === s)) {
        const n2 = p.live.filter(
          (v) => p.values.get(v)!.domain === l.domain && p.values.get(v)!.level <= s,
        ).length;
        out.push(
          `    loop over ${l.domain.axes.map(sz).join(' x ')}: up to ${n2} fused values per element`,
        );
        for (const r of l.reductions)
          out.push(`      reduce %${r.arg} -> %${r.out} (${r.count} accumulators)`);
        for (const u of l.updates)
          out.push(`      update wide param ${u.decl.name} [${u.shape.join(', ')}]`);
      }
    }
  }
  out.push(`  params (state buffer, ${p.stateLength} floats):`);
  for (const q of p.params) {
    out.push(
      `    ${q.decl.name} [${q.shape.join(', ')}] at ${q.offset}${q.domain ? ` (wide over ${q.domain.key})` : ''}${q.grad === undefined ? ' (no gradient)' : ''}`,
    );
  }
  out.push(
    `  data (${p.dataLength} floats): ${p.data.map((d) => `${d.name}[${d.shape.join(', ')}]@${d.offset}`).join(' ') || '(none)'}`,
  );
  if (p.dataWindows)
    out.push(
      `  data bound as ${p.dataWindows.count} windows of ${p.dataWindows.vec4s} vec4s (one storage binding is too small)`,
    );
  if (!p.tensor) out.push(`  totals: ${p.totalsLength} floats`);
  out.push(`  loss: %${p.loss}`);
  return out.join('\n') + '\n';
}
