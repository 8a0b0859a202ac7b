// Builds IR functions: appends equations, infers each output's axes from the op table, keeps canonical axis order.
import type { Span } from '../diag/span.js';
import type { Attrs, Axis, AxisId, Eqn, IRFunction, OpName, ParamDecl, ValueId } from './ir.js';
import { opInfo } from './ops.js';
import { inferAxes, type AxisContext } from './axes.js';
import { InternalError } from '../diag/diagnostic.js';

export class Builder {
  private readonly axisList: Axis[] = [];
  private readonly eqns: Eqn[] = [];
  private readonly params: ParamDecl[] = [];
  private readonly valueAxes: AxisId[][] = [];
  private src: Span | null = null;

  constructor(readonly name: string) {}

  // ---- axes -----------------------------------------------------------------------------------
  addAxis(axis: Axis): AxisId {
    const prior = this.axisList.find((a) => a.id === axis.id);
    if (prior) return prior.id;
    this.axisList.push(axis);
    return axis.id;
  }
  axis(id: AxisId): Axis {
    const a = this.axisList.find((x) => x.id === id);
    if (!a) throw new InternalError(`unknown axis ${id}`);
    return a;
  }
  hasAxis(id: AxisId): boolean {
    return this.axisList.some((a) => a.id === id);
  }
  /** The equations so far (an analysis of the function being built, before it is finished). */
  equations(): readonly Eqn[] {
    return this.eqns;
  }
  axesOf(v: ValueId): readonly AxisId[] {
    const a = this.valueAxes[v];
    if (!a) throw new InternalError(`unknown value %${v}`);
    return a;
  }

  /** Equations emitted inside `fn` carry `span` as their source (for WGSL header comments and errors). */
  at<T>(span: Span | null, fn: () => T): T {
    const prev = this.src;
    this.src = span ?? prev;
    try {
      return fn();
    } finally {
      this.src = prev;
    }
  }

  // ---- generic emission -----------------------------------------------------------------------
  op(op: OpName, args: readonly ValueId[], attrs: Attrs = {}): ValueId {
    const info = opInfo(op);
    if (info.arity >= 0 && info.arity !== args.length)
      throw new InternalError(`${op} takes ${info.arity} arguments, got ${args.length}`);
    const axes = this.inferAxes(op, args, attrs);
    const out = this.valueAxes.length;
    this.valueAxes.push(axes);
    this.eqns.push({ out, op, args: [...args], attrs, axes, src: this.src });
    return out;
  }

  private inferAxes(op: OpName, args: readonly ValueId[], attrs: Attrs): AxisId[] {
    const ctx: AxisContext = {
      order: this.axisList.map((a) => a.id),
      paramAxes: (name) => this.params.find((p) => p.name === name)?.axes,
    };
    return inferAxes(
      ctx,
      op,
      args.map((a) => this.axesOf(a)),
      attrs,
    );
  }

  /** A builder that continues `fn` (its axes, params and equations), e.g. to append gradient equations. */
  static from(fn: IRFunction): Builder {
    const b = new Builder(fn.name);
    b.axisList.push(...fn.axes);
    b.params.push(...fn.params);
    for (const e of fn.eqns) {
      b.eqns.push(e);
      b.valueAxes[e.out] = [...e.axes];
    }
    // Keep fresh ids above every existing one even when fn's numbering has gaps.
    b.valueAxes.length = Math.max(b.valueAxes.length, ...fn.eqns.map((e) => e.out + 1));
    return b;
  }

  // ---- leaves and sugar -----------------------------------------------------------------------
  const(value: number): ValueId {
    return this.op('const', [], { value });
  }
  data(name: string, dims: readonly AxisId[]): ValueId {
    return this.op('data', [], { name, dims });
  }
  declareParam(decl: ParamDecl): void {
    if (this.params.some((p) => p.name === decl.name))
      throw new InternalError(`param ${decl.name} declared twice`);
    this.params.push(decl);
  }
  param(name: string): ValueId {
    return this.op('param', [], { name });
  }
  rngNormal(stream: string, axes: readonly AxisId[]): ValueId {
    return this.op('rng_normal', [], { stream, axes });
  }
  rngUniform(stream: string, axes: readonly AxisId[]): ValueId {
    return this.op('rng_uniform', [], { stream, axes });
  }

  add(a: ValueId, b: ValueId): ValueId {
    return this.op('add', [a, b]);
  }
  sub(a: ValueId, b: ValueId): ValueId {
    return this.op('sub', [a, b]);
  }
  mul(a: ValueId, b: ValueId): ValueId {
    return this.op('mul', [a, b]);
  }
  div(a: ValueId, b: ValueId): ValueId {
    return this.op('div', [a, b]);
  }
  neg(a: ValueId): ValueId {
    return this.op('neg', [a]);
  }
  unary(op: OpName, a: ValueId): ValueId {
    return this.op(op, [a]);
  }
  sum(v: ValueId, axis: AxisId): ValueId {
    return this.op('sum', [v], { axis });
  }
  /** Sums over every listed axis the value has. */
  sumAll(v: ValueId, axes: readonly AxisId[] = this.axesOf(v)): ValueId {
    let r = v;
    for (const a of axes) if (this.axesOf(r).includes(a)) r = this.sum(r, a);
    return r;
  }
  expand(v: ValueId, axis: AxisId): ValueId {
    return this.op('expand', [v], { axis });
  }
  rename(v: ValueId, from: AxisId, to: AxisId): ValueId {
    return this.op('rename', [v], { from, to });
  }
  gather(table: ValueId, axis: AxisId, index: ValueId): ValueId {
    return this.op('gather', [table, index], { axis });
  }

  finish(outputs: Readonly<Record<string, ValueId>>): IRFunction {
    return {
      name: this.name,
      axes: [...this.axisList],
      params: [...this.params],
      eqns: [...this.eqns],
      outputs: { ...outputs },
    };
  }
}
