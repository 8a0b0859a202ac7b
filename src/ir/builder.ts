// Builds IR functions: appends equations, infers each output's axes from the op table, keeps canonical axis order.
import type { Span } from '../parser/span.js';
import type { Attrs, Axis, AxisId, Eqn, IRFunction, OpName, ParamDecl, ValueId } from './ir.js';
import { OPS, canonical } from './ops.js';
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
  axesOf(v: ValueId): readonly AxisId[] {
    const a = this.valueAxes[v];
    if (!a) throw new InternalError(`unknown value %${v}`);
    return a;
  }
  private order(axes: Iterable<AxisId>): AxisId[] {
    return canonical(
      this.axisList.map((a) => a.id),
      axes,
    );
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
    const info = OPS.get(op);
    if (!info) throw new InternalError(`unknown op ${op}`);
    if (info.arity >= 0 && info.arity !== args.length) throw new InternalError(`${op} takes ${info.arity} arguments, got ${args.length}`);
    const axes = this.inferAxes(op, args, attrs);
    const out = this.valueAxes.length;
    this.valueAxes.push(axes);
    this.eqns.push({ out, op, args: [...args], attrs, axes, src: this.src });
    return out;
  }

  private inferAxes(op: OpName, args: readonly ValueId[], attrs: Attrs): AxisId[] {
    const argAxes = args.map((a) => this.axesOf(a));
    const str = (k: string): string => {
      const v = attrs[k];
      if (typeof v !== 'string') throw new InternalError(`${op} needs attribute ${k}`);
      return v;
    };
    const list = (k: string): readonly string[] => {
      const v = attrs[k];
      if (!Array.isArray(v)) throw new InternalError(`${op} needs list attribute ${k}`);
      return v as readonly string[];
    };
    switch (op) {
      case 'const':
        return [];
      case 'data':
        return this.order(list('dims'));
      case 'param': {
        const p = this.params.find((x) => x.name === str('name'));
        if (!p) throw new InternalError(`param ${str('name')} not declared`);
        return this.order(p.axes);
      }
      case 'rng_normal':
      case 'rng_uniform':
        return this.order(list('axes'));
      case 'rng_gamma':
        return this.order([...argAxes[0]!, ...list('axes')]);
      case 'subsample_index':
        return [str('axis')];
      case 'sum':
      case 'logsumexp': {
        const ax = str('axis');
        if (!argAxes[0]!.includes(ax)) throw new InternalError(`${op} over ${ax}, which %${args[0]} lacks`);
        return argAxes[0]!.filter((a) => a !== ax);
      }
      case 'expand':
        return this.order([...argAxes[0]!, str('axis')]);
      case 'rename': {
        const from = str('from');
        const to = str('to');
        if (!argAxes[0]!.includes(from)) throw new InternalError(`rename of ${from}, which %${args[0]} lacks`);
        return this.order(argAxes[0]!.map((a) => (a === from ? to : a)));
      }
      case 'gather': {
        const ax = str('axis');
        return this.order([...argAxes[0]!.filter((a) => a !== ax), ...argAxes[1]!]);
      }
      case 'pack':
        return [str('axis')];
      case 'unpack':
        return this.order(list('into'));
      default:
        return this.order(argAxes.flat());
    }
  }

  // ---- leaves and sugar -----------------------------------------------------------------------
  const(value: number): ValueId {
    return this.op('const', [], { value });
  }
  data(name: string, dims: readonly AxisId[]): ValueId {
    return this.op('data', [], { name, dims });
  }
  declareParam(decl: ParamDecl): void {
    if (this.params.some((p) => p.name === decl.name)) throw new InternalError(`param ${decl.name} declared twice`);
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
    return { name: this.name, axes: [...this.axisList], params: [...this.params], eqns: [...this.eqns], outputs: { ...outputs } };
  }
}
