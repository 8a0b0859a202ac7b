// From a catalogue code to its message: the arguments (parameters, and variant where there are several) a code takes.
import { CODES, type Code, type Entry } from './codes.js';
import { fill, type ParamValue, type Params } from './template.js';

/** What a template without placeholders takes: `{}`, and never a stray message string. */
type NoParams = { readonly [name: string]: never };

type Flat<T> = { [K in keyof T]: T[K] };

type ArgsOfEntry<E> = E extends { readonly message: infer M extends string }
  ? keyof Params<M> extends never
    ? NoParams
    : Params<M>
  : E extends { readonly variants: infer V }
    ? {
        [K in keyof V & string]: Flat<{ readonly variant: K } & Params<V[K] & string>>;
      }[keyof V & string]
    : never;

/** The arguments of one code: its template's parameters, with `variant` naming the template where there are several. */
export type Args<C extends Code> = ArgsOfEntry<(typeof CODES)[C]>;

/** For a union of codes, only arguments that fit every one of them: a variant they share, with all its parameters. */
export type ArgsOfAll<C extends Code> = (C extends Code ? (args: Args<C>) => void : never) extends (
  args: infer A,
) => void
  ? A
  : never;

/** What follows the code, file and span in error() and the stages' reporting helpers. */
export type MessageTail<C extends Code> = [args: ArgsOfAll<C>, note?: string];

export type WarningCode = {
  [C in Code]: (typeof CODES)[C] extends { readonly severity: 'warning' } ? C : never;
}[Code];
export type ErrorCode = Exclude<Code, WarningCode>;

/** The template a code's arguments select (its only one, or the named variant). */
export function templateOf(code: Code, variant: ParamValue | undefined): string {
  const entry: Entry = CODES[code];
  const template =
    entry.message ?? (variant === undefined ? undefined : entry.variants[String(variant)]);
  if (template === undefined) throw new Error(`${code} has no message variant '${variant}'`);
  return template;
}

export function messageOf(code: Code, args: Readonly<Record<string, ParamValue>>): string {
  return fill(templateOf(code, args['variant']), args);
}
