#!/usr/bin/env node
// The dual-package hazard: a host that loads both the CJS and the ESM build (a CJS
// dependency requires the package, the app imports it) gets two copies of every class.
// An error thrown by one copy must still be `instanceof` the other's class, and not of
// an unrelated class. Run from packages/sdk after `pnpm build` (core built too).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const failures = [];
const expect = (ok, what) => {
  if (!ok) failures.push(what);
};

const pairs = [
  ['@grantkit/sdk', '../dist/index.cjs', '../dist/index.js'],
  ['@grantkit/sdk/admin', '../dist/admin.cjs', '../dist/admin.js'],
  ['@grantkit/core', '@grantkit/core', '@grantkit/core'],
];
for (const [name, cjsPath, esmPath] of pairs) {
  const cjs = require(cjsPath);
  const esm = await import(esmPath);
  expect(cjs !== esm, `${name}: CJS and ESM are the same module`);
  const make = {
    GrantkitClientError: (m) => new m.GrantkitClientError('http', 'GET /grants answered 500'),
    GrantkitOpError: (m) => new m.GrantkitOpError('internal', 'boom', { op: 'share' }),
    OpRefusedError: (m) =>
      new m.OpRefusedError('rule', 'MODEL A7: no', { op: 'share', rule: 'A7' }),
    OpInputError: (m) => new m.OpInputError('invalid', 'bad', { op: 'share', field: 'args.user' }),
    GrantkitError: (m) => new m.GrantkitError('X', 'x'),
    InvalidInputError: (m) => new m.InvalidInputError('args.user', 'bad'),
    UnknownIdError: (m) => new m.UnknownIdError('args.user', 'user', 'zed'),
    RuleViolationError: (m) =>
      new m.RuleViolationError({ rule: 'A7', op: 'share', actor: 'a', reason: 'r', fix: 'f' }),
  };
  for (const [cls, create] of Object.entries(make)) {
    if (!(cls in cjs)) continue;
    expect(cjs[cls] !== esm[cls], `${name}: ${cls} is one class in both builds (not a real test)`);
    for (const [from, to, a, b] of [
      ['CJS', 'ESM', cjs, esm],
      ['ESM', 'CJS', esm, cjs],
    ]) {
      const e = create(a);
      expect(e instanceof b[cls], `${name}: an ${cls} from ${from} is not instanceof ${to} ${cls}`);
      expect(e instanceof Error, `${name}: ${cls} from ${from} is not an Error`);
      // not instanceof an unrelated or more specific class of the other build
      for (const other of Object.keys(make))
        if (other !== cls && other in b) {
          const related = create(b) instanceof b[other]; // what the same build says
          expect(
            e instanceof b[other] === related,
            `${name}: an ${cls} from ${from} is ${related ? 'not ' : ''}instanceof ${to} ${other}`,
          );
        }
    }
  }
}
if (failures.length) {
  console.error(`dual-package: ${failures.length} failures\n${failures.join('\n')}`);
  process.exit(1);
}
console.log('dual-package: errors of the CJS and ESM builds are instanceof each other');
