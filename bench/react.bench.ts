/**
 * `@grantkit/react` figures (issue 6), with React's production build mounted by
 * react-dom/client into a jsdom document, the real core model, snapshots and SDK client:
 * - `react.rerenders.one_grant`: `<Can>` re-rendered after one grant change with 1,000 mounted (target 1);
 * - `react.mount1000.ratio_plain`: mounting 1,000 `<Can>` ÷ mounting 1,000 plain elements (target ≤ 1.5).
 */
import type { Harness } from './harness.ts';

const N = 1_000;
const RUNS = 41;

/** A jsdom window as the global DOM, as a browser would have it; returns a restore function. */
async function installDom(): Promise<() => void> {
  // jsdom ships no types (and @types/jsdom is not installed): describe the one constructor used.
  const jsdom = 'jsdom';
  const { JSDOM } = (await import(jsdom)) as {
    JSDOM: new (html: string, options: object) => { window: Window & typeof globalThis };
  };
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  const g = globalThis as Record<string, unknown>;
  const names = ['window', 'document', 'navigator', 'Node', 'Element', 'HTMLElement', 'Event'];
  const before = new Map(names.map((n) => [n, Object.getOwnPropertyDescriptor(g, n)]));
  for (const n of names)
    Object.defineProperty(g, n, {
      value: (dom.window as unknown as Record<string, unknown>)[n] ?? dom.window,
      configurable: true,
      writable: true,
    });
  g.window = dom.window;
  return () => {
    for (const [n, d] of before) {
      if (d) Object.defineProperty(g, n, d);
      else delete g[n];
    }
    dom.window.close();
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function reactBench(h: Harness): Promise<void> {
  const restoreDom = await installDom();
  // React's production build, as users ship it; NODE_ENV is read once, when React loads.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const { createElement } = await import('react');
  const { flushSync } = await import('react-dom');
  const { createRoot } = await import('react-dom/client');
  // The package's own tsconfig (automatic JSX runtime): tsx applies the root one to bench/ only.
  const { register } = await import('tsx/esm/api');
  const tsx = register({
    namespace: 'grantkit-react-bench',
    tsconfig: 'packages/react/tsconfig.json',
  });
  const { Can, GrantkitProvider } = (await tsx.import(
    '../packages/react/src/index.ts',
    import.meta.url,
  )) as typeof import('../packages/react/src/index.ts');
  const { createWorld } = (await tsx.import(
    '../packages/react/src/__fixtures__/world.ts',
    import.meta.url,
  )) as typeof import('../packages/react/src/__fixtures__/world.ts');
  if (env === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = env;

  // Ann owns 1,000 dashboards; Bob may view every one but d501.
  const ids = Array.from({ length: N }, (_, i) => `d${i}`);
  const world = createWorld({
    users: [{ id: 'ann' }, { id: 'bob' }],
    resources: ids.map((id) => ({
      type: 'dashboard',
      id,
      owner: 'ann',
      sharing: 'specific' as const,
      shares: id === 'd501' ? [] : [{ user: 'bob', level: 'view' as const }],
    })),
  });
  const client = world.client('bob');
  const provider = (children: unknown) =>
    createElement(GrantkitProvider, { client }, children as never);

  // 1. Re-renders after one grant change.
  const renders = new Map<string, number>();
  const counted = ids.map((id) =>
    createElement(Can, {
      key: id,
      I: 'view',
      on: { type: 'dashboard', id },
      children: ({ allowed }: { allowed: boolean }) => {
        renders.set(id, (renders.get(id) ?? 0) + 1);
        return allowed ? createElement('span', null, id) : null;
      },
    }),
  );
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  flushSync(() => root.render(provider(counted)));
  renders.clear();
  await world.apply('ann', { op: 'share', args: { asset: 'd501', user: 'bob', level: 'view' } });
  await new Promise((done) => setTimeout(done, 10));
  const rerendered = [...renders.values()].reduce((a, b) => a + b, 0);
  if (renders.get('d501') !== 1) throw new Error('react bench: d501 did not re-render once');
  h.figure('react.rerenders.one_grant', rerendered, 'renders', '1');
  root.unmount();

  // 2. Mounting 1,000 <Can> against 1,000 plain elements, interleaved so both see the same machine.
  const plainTree = provider(ids.map((id) => createElement('span', { key: id }, id)));
  const canTree = provider(
    ids.map((id) =>
      createElement(
        Can,
        { key: id, I: 'view', on: { type: 'dashboard', id } },
        createElement('span', null, id),
      ),
    ),
  );
  const mount = (tree: ReturnType<typeof provider>): number => {
    const el = document.createElement('div');
    document.body.append(el);
    const r = createRoot(el);
    const start = performance.now();
    flushSync(() => r.render(tree));
    const ms = performance.now() - start;
    r.unmount();
    el.remove();
    return ms;
  };
  for (let i = 0; i < 5; i++) {
    mount(plainTree);
    mount(canTree);
  }
  // Pairs measured back to back, in alternating order, so load and GC drift hit both alike;
  // the ratio is the median of the pairs' ratios.
  const plain: number[] = [];
  const cans: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let p: number;
    let c: number;
    if (i % 2 === 0) {
      p = mount(plainTree);
      c = mount(canTree);
    } else {
      c = mount(canTree);
      p = mount(plainTree);
    }
    plain.push(p);
    cans.push(c);
    ratios.push(c / p);
  }
  h.figure('react.mount1000.plain.ms', median(plain), 'ms');
  h.figure('react.mount1000.can.ms', median(cans), 'ms');
  h.figure('react.mount1000.ratio_plain', median(ratios), 'x', '≤ 1.5');

  world.dispose();
  await tsx.unregister();
  restoreDom();
}
