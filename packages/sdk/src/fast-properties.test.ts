// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the client object', () => {
  it('finding 3: keeps V8 fast properties, so client.can is not a hash lookup per check (a getter in its literal made it a dictionary)', () => {
    const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
    // V8's own test of an object's shape; a child process, as it needs --allow-natives-syntax
    const script = `
      const { createGrantkitClient } = await import(${JSON.stringify(entry)});
      const c = createGrantkitClient({ tenant: 't', userId: 'u', fetchSnapshot: () => new Promise(() => {}) });
      const shape = [eval('%HasFastProperties(c)'), typeof Object.getOwnPropertyDescriptor(c, 'status').get, Object.keys(c).includes('status'), c.status];
      c.dispose();
      console.log(JSON.stringify(shape));
      process.exit(0);`;
    const out = execFileSync(
      process.execPath,
      [
        '--allow-natives-syntax',
        '--conditions=@grantkit/source',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual([true, 'function', true, 'loading']);
  });
});
