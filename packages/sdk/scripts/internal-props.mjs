#!/usr/bin/env node
// The build shortens the property names of `internal-props.json` (the interfaces between
// the client's own modules: holder, scheduler, stream, store), as Preact mangles its
// private fields. That is only sound while no object a host, a plugin, core or the server
// sees has such a property: this check fails when a public type of the built entry points
// (or core's snapshot types, or the wire format) names one, or when the source quotes one.
// Run after `pnpm build`.
import { readdirSync, readFileSync } from 'node:fs';

const names = JSON.parse(readFileSync(new URL('./internal-props.json', import.meta.url), 'utf8'));
const dts = [
  ...readdirSync(new URL('../dist/', import.meta.url))
    .filter((f) => f.endsWith('.d.ts'))
    .map((f) => new URL(`../dist/${f}`, import.meta.url)),
  new URL('../../core/dist/snapshot.d.ts', import.meta.url),
];
const property = new RegExp(
  `(?:^|[\\s{;,(])(?:readonly\\s+)?(${names.join('|')})\\??\\s*[:(]`,
  'gm',
);
const clashes = [];
for (const file of dts) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  for (const m of text.matchAll(property)) clashes.push(`${file.pathname}: ${m[1]}`);
}
// A quoted name (`'take' in x`, `x['take']`) is not shortened: the source must not use one.
const src = new URL('../src/', import.meta.url);
const quoted = new RegExp(`['"\`](${names.join('|')})['"\`]`, 'g');
for (const f of readdirSync(src).filter((f) => f.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(f))) {
  const text = readFileSync(new URL(f, src), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  for (const m of text.matchAll(quoted)) clashes.push(`src/${f}: quoted ${m[1]}`);
}
if (clashes.length) {
  console.error(
    `internal-props: shortened names in a public type or quoted in the source:\n${clashes.join('\n')}`,
  );
  process.exit(1);
}
console.log(
  `internal-props: none of ${names.length} shortened names is in a public type or quoted`,
);
