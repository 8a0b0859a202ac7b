// The bundled examples (examples/*.ppl with their data), as the build writes them to examples.json.
export interface Example {
  readonly name: string;
  readonly program: string;
  readonly data: string;
}

export async function loadExamples(): Promise<Example[]> {
  const res = await fetch(new URL('examples.json', document.baseURI));
  if (!res.ok) throw new Error(`examples.json: HTTP ${res.status}`);
  return (await res.json()) as Example[];
}
