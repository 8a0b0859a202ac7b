// A value as an error message shows it, for any value a JavaScript caller may pass (String() throws on some).
export function showValue(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined || v === null)
    return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return v.toString();
  if (typeof v === 'function') return 'a function';
  // No property is read: an object without a prototype has no toString, and a proxy's traps may throw.
  if (Array.isArray(v)) return 'an array';
  if (ArrayBuffer.isView(v)) return 'a typed array';
  return 'an object';
}
