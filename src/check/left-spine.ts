// A left-nested chain of binary operators (`a + b - c`, as the parser builds it) as a list, for walkers that loop.
//
// The parser builds `a + a + ... + a` with n terms as a tree n - 1 deep; a walker that recursed on `left` would
// overflow the stack near a few thousand terms. Walkers loop over the chain instead and recurse only on right
// operands, whose depth is the program's nesting (bounded: src/parser/nesting.ts). The tree itself is kept as
// written, left to right, so float results are those of the source's order.

/** The chain's Binary nodes, innermost (the first two operands) first, and its first operand. */
export function leftSpine<E, B extends E & { readonly left: E }>(
  top: B,
  isBinary: (e: E) => e is B,
): { readonly first: E; readonly nodes: readonly B[] } {
  const nodes: B[] = [];
  let e: E = top;
  while (isBinary(e)) {
    nodes.push(e);
    e = e.left;
  }
  nodes.reverse();
  return { first: e, nodes };
}
