/** The server README documents the whole HTTP surface of admin ops (issue 11, finding 1). */
import { readFileSync } from 'node:fs';
import { OP_ARGS } from '@grantkit/core';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README (issue 11)', () => {
  it('finding 1: POST /ops/<op> lists every op the server accepts (deleteAsset and the group, rule, attribute and direct-grant ops were missing)', () => {
    const section = readme.slice(readme.indexOf('### `POST /ops/<op>`'));
    const listed = section.slice(0, section.indexOf('\n\n', section.indexOf('Body =')));
    expect(listed).toContain('`deleteAsset`');
    // An op may also be documented in a section of its own.
    const missing = Object.keys(OP_ARGS).filter(
      (op) => !listed.includes(`\`${op}\``) && !readme.includes(`/ops/${op}`),
    );
    expect(missing).toEqual([]);
  });
});
