#!/usr/bin/env node
// Proves a package never imports React: not in its dependencies, not in its
// source, not in its built output. Run from the package directory after a build.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const IMPORT =
  /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"](react|react-dom|preact)(?:\/[^'"]*)?['"]/;
// The pattern must catch every way of importing React, or this guard proves nothing.
for (const sample of [
  `import React from 'react'`,
  `import { jsx } from "react/jsx-runtime"`,
  `const r = require('react-dom')`,
  `await import('react')`,
  `import 'react'`,
]) {
  if (!IMPORT.test(sample)) throw new Error(`assert-no-react: pattern misses ${sample}`);
}
if (IMPORT.test(`import { x } from 'reactive'`))
  throw new Error('assert-no-react: pattern too broad');

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const problems = [];
for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
  for (const dep of Object.keys(pkg[field] ?? {}))
    if (/^(react|react-dom|preact)$/.test(dep)) problems.push(`${field} lists ${dep}`);
}
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
if (!existsSync('dist')) problems.push('dist/ is missing: build first');
const files = ['src', 'dist']
  .filter(existsSync)
  .flatMap(walk)
  .filter((f) => /\.(c|m)?(j|t)sx?$/.test(f));
for (const file of files) {
  const match = IMPORT.exec(readFileSync(file, 'utf8'));
  if (match) problems.push(`${file} imports ${match[1]}`);
}
if (problems.length > 0) {
  console.error(`${pkg.name} must never import React:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${pkg.name}: no React in dependencies, ${files.length} source and built files`);
