// A page that fits a compiled module: ?module=URL&data=URL[&backend=&steps=&seed=] loads the module (which imports
// `pplc/runtime` through the page's import map), fits it to the data and writes the answer as JSON into #out.
interface CompiledModule {
  load(): Promise<{
    fit(
      data: unknown,
      options?: Record<string, unknown>,
    ): Promise<{
      readonly backend: string;
      readonly params: unknown;
      readonly seconds: number;
      summary(): unknown;
    }>;
  }>;
}

async function main(): Promise<void> {
  const q = new URLSearchParams(location.search);
  const moduleUrl = q.get('module');
  const dataUrl = q.get('data');
  if (!moduleUrl || !dataUrl) throw new Error('give ?module=URL&data=URL');
  const options: Record<string, unknown> = { backend: q.get('backend') ?? 'auto' };
  for (const k of ['steps', 'seed'] as const) if (q.has(k)) options[k] = Number(q.get(k));
  const [mod, data] = await Promise.all([
    import(new URL(moduleUrl, document.baseURI).href) as Promise<CompiledModule>,
    fetch(new URL(dataUrl, document.baseURI)).then((r) => r.json() as Promise<unknown>),
  ]);
  const model = await mod.load();
  const fit = await model.fit(data, options);
  const answer = {
    backend: fit.backend,
    seconds: fit.seconds,
    params: fit.params,
    summary: fit.summary(),
  };
  document.getElementById('out')!.textContent = JSON.stringify(answer, null, 2);
  document.body.dataset.state = 'done';
}

main().catch((e: unknown) => {
  document.getElementById('out')!.textContent = e instanceof Error ? e.message : String(e);
  document.body.dataset.state = 'error';
});
