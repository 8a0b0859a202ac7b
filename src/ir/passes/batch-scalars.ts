// Finds many identical scalar computations summed into one value (a program with hundreds of scalar params, each
// with its own observation) and rewrites them as one computation over a new axis of that many elements, their params
// and data packed along it, then summed: kernels loop over the axis instead of writing out every copy.
import type { Axis, AxisId, Eqn, IRFunction, ParamDecl, ValueId } from '../ir.js';
import { dce } from './dce.js';
import { rebuild } from './rebuild.js';

/** Fewer copies than this are left as they are: the code they take is small. */
export const MIN_BATCH = 8;

/** A packed param or data member: its name and, in order along the batch axis, the scalars it holds. */
export interface Pack {
  readonly name: string;
  readonly members: readonly string[];
}

export interface Batched {
  readonly fn: IRFunction;
  readonly params: readonly Pack[];
  readonly data: readonly Pack[];
  /** Each packed param's gradient output (named `grad:<pack>`), where its members' gradients were outputs. */
  readonly grads: ReadonlyMap<string, string>;
}

/** The leaves of the tree of single-use adds rooted at `root`. */
function addLeaves(
  root: ValueId,
  def: ReadonlyMap<ValueId, Eqn>,
  inner: (v: ValueId) => boolean,
): ValueId[] {
  const out: ValueId[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const v = stack.pop()!;
    const e = def.get(v)!;
    for (const a of [...e.args].reverse()) {
      if (inner(a)) stack.push(a);
      else out.push(a);
    }
  }
  return out;
}

/**
 * Rewrites every group of at least MIN_BATCH identical leaves of a tree of adds; null when there is none. Copies
 * are identical when their equations match op for op, attrs and axes included, reading scalar params (of one
 * constraint) and scalar data of their own, and sharing everything else. `gradOf` names the output holding each
 * param's gradient: the members' gradients, identical too, become one output over the batch axis.
 */
export function batchScalars(
  fn: IRFunction,
  gradOf: ReadonlyMap<string, string> = new Map(),
): Batched | null {
  const def = new Map(fn.eqns.map((e) => [e.out, e]));
  const users = new Map<ValueId, ValueId[]>();
  for (const e of fn.eqns)
    for (const a of e.args) {
      const us = users.get(a);
      if (us) us.push(e.out);
      else users.set(a, [e.out]);
    }
  const outputs = new Set(Object.values(fn.outputs));
  const decl = new Map(fn.params.map((p) => [p.name, p]));
  const isAdd = (v: ValueId): boolean => def.get(v)?.op === 'add';
  const inner = (v: ValueId): boolean =>
    isAdd(v) && !outputs.has(v) && users.get(v)?.length === 1 && isAdd(users.get(v)![0]!);

  // Structural keys, hash-consed so that shared subexpressions stay small.
  const ids = new Map<string, number>();
  const keyOf = new Map<ValueId, number>();
  for (const e of fn.eqns) {
    let k: string;
    if (e.op === 'param') {
      const d = decl.get(e.attrs.name as string);
      k = `param|${e.axes.join(',')}|${JSON.stringify(d?.constraint)}|${d?.block}`;
    } else if (e.op === 'data') k = `data|${e.axes.join(',')}|${JSON.stringify(e.attrs.dims)}`;
    else
      k = `${e.op}|${JSON.stringify(e.attrs)}|${e.axes.join(',')}|${e.args.map((a) => keyOf.get(a)).join(',')}`;
    if (!ids.has(k)) ids.set(k, ids.size);
    keyOf.set(e.out, ids.get(k)!);
  }

  const axes: Axis[] = [...fn.axes];
  const params: ParamDecl[] = [];
  const paramPacks: Pack[] = [];
  const dataPacks: Pack[] = [];
  const droppedOutputs = new Set<string>();
  const newOutputs = new Map<string, ValueId>();
  const grads = new Map<string, string>();
  const added: Eqn[] = [];
  const before = new Map<ValueId, Eqn[]>();
  const subst = new Map<ValueId, ValueId>();
  let next = fn.eqns.reduce((n, e) => Math.max(n, e.out + 1), 0);
  /** Eqns for gradients, placed after every original one (they read the backward pass). */
  const late: Eqn[] = [];
  let lateNow = false;
  const emit = (e: Omit<Eqn, 'out'>): ValueId => {
    const out = next++;
    (lateNow ? late : added).push({ ...e, out });
    return out;
  };

  /** The copies' values as one value over `batch` (or the shared value); null where they do not match. */
  let leafSet = new Set<ValueId>();
  const batchOf = (
    vals: readonly ValueId[],
    batch: AxisId,
    owned: readonly Set<ValueId>[],
    memo: Map<string, ValueId>,
  ): ValueId | null => {
    const first = vals[0]!;
    if (vals.every((v) => v === first)) return owned.some((o) => o.has(first)) ? null : first;
    if (vals.some((v) => keyOf.get(v) !== keyOf.get(first))) return null;
    const memoKey = vals.join(',');
    const hit = memo.get(memoKey);
    if (hit !== undefined) return hit;
    // A value of one copy read outside it would be computed twice, or a param fitted twice.
    for (const [j, v] of vals.entries())
      if (!leafSet.has(v) && (users.get(v) ?? []).some((u) => !owned[j]!.has(u))) return null;
    const e = def.get(first)!;
    const tag = `${batch}.${memo.size}`;
    let out: ValueId | null;
    if (e.op === 'param') {
      if (e.axes.length > 0) return null;
      const members = vals.map((v) => def.get(v)!.attrs.name as string);
      if (new Set(members).size !== members.length) return null;
      const name = `${tag}:param`;
      params.push({ ...decl.get(e.attrs.name as string)!, name, axes: [batch] });
      paramPacks.push({ name, members });
      out = emit({ op: 'param', args: [], attrs: { name }, axes: [batch], src: e.src });
    } else if (e.op === 'data') {
      if (e.axes.length > 0) return null;
      const name = `${tag}:data`;
      dataPacks.push({ name, members: vals.map((v) => def.get(v)!.attrs.name as string) });
      out = emit({
        op: 'data',
        args: [],
        attrs: { name, dims: [batch] },
        axes: [batch],
        src: e.src,
      });
    } else {
      const args: ValueId[] = [];
      for (let i = 0; i < e.args.length; i++) {
        const a = batchOf(
          vals.map((v) => def.get(v)!.args[i]!),
          batch,
          owned,
          memo,
        );
        if (a === null) return null;
        args.push(a);
      }
      out = emit({ op: e.op, args, attrs: e.attrs, axes: [...e.axes, batch], src: e.src });
    }
    memo.set(memoKey, out);
    return out;
  };

  /**
   * Each copy's own values: those its roots reach and no other copy's do. A value reached by a second copy is
   * shared, and so is everything below it, so each value is visited at most twice in all.
   */
  const owners = (roots: readonly (readonly ValueId[])[]): Set<ValueId>[] => {
    const owner = new Map<ValueId, number>();
    roots.forEach((r, k) => {
      const stack = [...r];
      while (stack.length > 0) {
        const x = stack.pop()!;
        const o = owner.get(x);
        if (o === k || o === -1) continue;
        owner.set(x, o === undefined ? k : -1);
        stack.push(...def.get(x)!.args);
      }
    });
    const out = roots.map(() => new Set<ValueId>());
    for (const [v, k] of owner) if (k >= 0) out[k]!.add(v);
    return out;
  };
  /** Each copy's leaf and the gradient outputs of the params it alone reads. */
  const rootsOf = (group: readonly ValueId[]): ValueId[][] =>
    owners(group.map((l) => [l])).map((mine, k) => [
      group[k]!,
      ...[...mine].flatMap((v) => {
        const e = def.get(v)!;
        const g = e.op === 'param' ? gradOf.get(e.attrs.name as string) : undefined;
        return g === undefined ? [] : [fn.outputs[g]!];
      }),
    ]);

  let groups = 0;
  for (const e of fn.eqns) {
    if (e.op !== 'add' || inner(e.out)) continue;
    const leaves = addLeaves(e.out, def, inner);
    const byKey = new Map<number, ValueId[]>();
    for (const l of leaves) {
      const same = byKey.get(keyOf.get(l)!);
      if (same) same.push(l);
      else byKey.set(keyOf.get(l)!, [l]);
    }
    const kept: ValueId[] = [];
    const sums: ValueId[] = [];
    for (const group of byKey.values()) {
      if (group.length < MIN_BATCH || new Set(group).size !== group.length) {
        kept.push(...group);
        continue;
      }
      const batch = `batch:${groups}`;
      const mark = {
        added: added.length,
        late: late.length,
        params: params.length,
        packs: paramPacks.length,
        data: dataPacks.length,
      };
      const owned = owners(rootsOf(group));
      leafSet = new Set(group);
      const memo = new Map<string, ValueId>();
      let t = batchOf(group, batch, owned, memo);
      const packs = paramPacks.slice(mark.packs);
      const gradsOut = new Map<string, ValueId>();
      lateNow = true;
      for (const p of packs) {
        if (t === null) break;
        const names = p.members.map((m) => gradOf.get(m));
        if (names.every((n) => n === undefined)) continue;
        // Gradient outputs are read by the host alone.
        names.forEach((n) => n !== undefined && leafSet.add(fn.outputs[n]!));
        const g = names.some((n) => n === undefined)
          ? null
          : batchOf(
              names.map((n) => fn.outputs[n!]!),
              batch,
              owned,
              memo,
            );
        if (g === null) t = null;
        else gradsOut.set(p.name, g);
      }
      lateNow = false;
      if (t === null) {
        // Undo what the failed attempt declared.
        added.length = mark.added;
        late.length = mark.late;
        params.length = mark.params;
        paramPacks.length = mark.packs;
        dataPacks.length = mark.data;
        kept.push(...group);
        continue;
      }
      groups++;
      for (const [name, g] of gradsOut) {
        for (const m of paramPacks.find((p) => p.name === name)!.members)
          droppedOutputs.add(gradOf.get(m)!);
        newOutputs.set(`grad:${name}`, g);
        grads.set(name, `grad:${name}`);
      }
      axes.push({ id: batch, role: 'plate', size: { kind: 'lit', value: group.length } });
      // The copies' sum is made in the forward part, before the tree's root.
      const te = added.find((x) => x.out === t)!;
      sums.push(
        emit({
          op: 'sum',
          args: [t],
          attrs: { axis: batch },
          axes: te.axes.filter((a) => a !== batch),
          src: te.src,
        }),
      );
    }
    if (sums.length === 0) continue;
    const terms = [...sums, ...kept];
    let acc = terms[0]!;
    for (const t of terms.slice(1))
      acc = emit({ op: 'add', args: [acc, t], attrs: {}, axes: e.axes, src: e.src });
    subst.set(e.out, acc);
    before.set(e.out, added.splice(0));
  }
  if (groups === 0) return null;
  // Eqns made for a gradient go after everything: they may read the forward values of any tree.
  const eqns = [...fn.eqns.flatMap((e) => [...(before.get(e.out) ?? []), e]), ...late];
  const outs: Record<string, ValueId> = {};
  for (const [k, v] of Object.entries(fn.outputs)) if (!droppedOutputs.has(k)) outs[k] = v;
  for (const [k, v] of newOutputs) outs[k] = v;
  const rebuilt = rebuild({ ...fn, axes, outputs: outs }, eqns, subst);
  const dropped = new Set(paramPacks.flatMap((p) => p.members));
  const out = dce({
    ...rebuilt,
    params: [...fn.params.filter((p) => !dropped.has(p.name)), ...params],
  });
  return { fn: out, params: paramPacks, data: dataPacks, grads };
}
