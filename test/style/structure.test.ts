// The source tree's shape: no import cycles between files or between folders, imports only along the layers
// docs/architecture.md lists, and no two files with one name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const FILES = walk('src');
const IMPORT =
  /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Every file's relative imports (type-only ones too: a cycle of types is still a cycle of meaning). */
const EDGES = new Map(
  FILES.map((f) => {
    const deps = [...readFileSync(f, 'utf8').matchAll(IMPORT)].map((m) =>
      relative('.', resolve(dirname(f), (m[1] ?? m[2])!.replace(/\.js$/, '.ts'))),
    );
    return [f, deps.filter((d) => d !== f)] as const;
  }),
);

/** The folder of a file under src ('.' for src itself). */
const folder = (f: string): string => relative('src', dirname(f)).split('/')[0] || '.';

/** Strongly connected components of more than one node (Tarjan). */
function cycles(nodes: readonly string[], next: (n: string) => readonly string[]): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of next(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const n of nodes) if (!idx.has(n)) visit(n);
  return out;
}

const FOLDER_EDGES = new Map<string, Set<string>>();
for (const [f, deps] of EDGES)
  for (const d of deps) {
    const [a, b] = [folder(f), folder(d)];
    if (a === b) continue;
    if (!FOLDER_EDGES.has(a)) FOLDER_EDGES.set(a, new Set());
    FOLDER_EDGES.get(a)!.add(b);
  }

test('no import cycles between files', () => {
  assert.equal(
    cycles(FILES, (f) => (EDGES.get(f) ?? []).filter((d) => EDGES.has(d))),
    [],
  );
});

test('no import cycles between folders', () => {
  assert.equal(
    cycles([...FOLDER_EDGES.keys()], (f) => [...(FOLDER_EDGES.get(f) ?? [])]),
    [],
  );
});

test("each folder imports only the folders docs/architecture.md's layer table allows", () => {
  // Rows of the table: | `src/<folder>` | owns | may import |, the last column a list of `folder`s.
  const doc = readFileSync('docs/architecture.md', 'utf8');
  const allowed = new Map<string, Set<string>>();
  for (const m of doc.matchAll(/^\| `src\/?([\w-]*)` \|[^|\n]*\|([^|\n]*)\|$/gm))
    allowed.set(m[1] || '.', new Set([...m[2]!.matchAll(/`([\w-]+)`/g)].map((x) => x[1]!)));
  const bad: string[] = [];
  for (const f of new Set(FILES.map(folder))) {
    if (!allowed.has(f)) bad.push(`src/${f} is not in the table`);
    for (const d of FOLDER_EDGES.get(f) ?? [])
      if (!allowed.get(f)?.has(d)) bad.push(`src/${f} imports src/${d}`);
  }
  assert.equal(bad, []);
});

test('no two source files share a name', () => {
  const byName = new Map<string, string[]>();
  for (const f of FILES) byName.set(basename(f), [...(byName.get(basename(f)) ?? []), f]);
  assert.equal(
    [...byName.values()].filter((fs) => fs.length > 1),
    [],
  );
});

test.run();
