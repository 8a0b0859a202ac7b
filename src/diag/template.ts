// Message templates: `{name}` takes a parameter's value, `{n:one|other}` picks a word by whether the number n is 1.
export type ParamValue = string | number;

/** Every `{...}` of a template, as written between the braces. */
type Holes<T extends string> = T extends `${string}{${infer H}}${infer Rest}`
  ? H | Holes<Rest>
  : never;

type NameOf<H extends string> = H extends `${infer N}:${string}` ? N : H;
type CountOf<H extends string> = H extends `${infer N}:${string}` ? N : never;

/** The parameters a template needs: a number where a placeholder chooses a word by count, else a string or number. */
export type Params<T extends string> = {
  readonly [K in NameOf<Holes<T>>]: K extends CountOf<Holes<T>> ? number : ParamValue;
};

/** Placeholder syntax; the catalogue test checks that no template has a `{` outside one. */
export const PLACEHOLDER = /\{([A-Za-z]\w*)(?::([^{}|]*)\|([^{}]*))?\}/g;

/** The names a template's placeholders read, each once. */
export function placeholderNames(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Fills a template in one pass, so a value that itself looks like `{x}` is left as it is. */
export function fill(template: string, params: Readonly<Record<string, ParamValue>>): string {
  return template.replace(
    PLACEHOLDER,
    (hole: string, name: string, one: string | undefined, other: string | undefined) => {
      const v = params[name];
      // Only a template that the types let through with a missing parameter gets here: a bug worth a loud failure.
      if (v === undefined) throw new Error(`template parameter '${name}' missing for ${hole}`);
      if (one === undefined || other === undefined) return String(v);
      return v === 1 ? one : other;
    },
  );
}
