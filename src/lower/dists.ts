// Looks up a distribution record by name (the checker has already validated names and arguments).
import { DISTS } from '../distributions/table.js';
import type { DistRecord } from '../distributions/record.js';
import { InternalError } from '../diag/diagnostic.js';

export function distRecord(name: string): DistRecord {
  const r = DISTS.get(name);
  if (!r) throw new InternalError(`no distribution record for ${name}`);
  return r;
}
