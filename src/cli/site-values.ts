// `--condition SITE=VALUE` and `--do SITE=VALUE`: VALUE a number or a JSON array over the site's plates.
import { UsageError } from './args.js';

export function siteValues(flag: string, given: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const g of given) {
    const eq = g.indexOf('=');
    const site = eq > 0 ? g.slice(0, eq).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(site))
      throw new UsageError(
        `--${flag} takes SITE=VALUE (a site name, then = and a value), got '${g}'`,
      );
    let value: unknown;
    try {
      value = JSON.parse(g.slice(eq + 1));
    } catch {
      value = undefined;
    }
    if (typeof value !== 'number' && !Array.isArray(value))
      throw new UsageError(
        `--${flag} ${site}=...: the value must be a number or a JSON array over the site's plates, got '${g.slice(eq + 1)}'`,
      );
    if (site in out) throw new UsageError(`--${flag} names '${site}' twice`);
    out[site] = value;
  }
  return out;
}
