/**
 * The repository stands alone (issue 11): the rules (`spec/`) and the conformance suite
 * (`conformance/`) live in the repository, and stay byte-identical to `../shared/spec` and
 * `../shared/conformance` while a `shared/` folder exists beside the repository.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { model, repoDir } from '../__fixtures__/shared.ts';
import { MODEL_SPEC, RuleViolationError } from '../errors.ts';

/** Every file below `dir`, as paths relative to it (sorted). */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

const root = repoDir();
const shared = resolve(process.env.GRANTKIT_SHARED ?? join(root, '..', 'shared'));
const besides = existsSync(join(shared, 'conformance')) && existsSync(join(shared, 'spec'));
if (!besides)
  console.log(
    `in-repo.test: no ${shared} beside the repository; the copies in spec/ and conformance/ are not compared`,
  );

describe('the repository stands alone (issue 11)', () => {
  it('holds the rules and the conformance suite itself', () => {
    expect(files(join(root, 'spec'))).toContain('MODEL.md');
    const suite = files(join(root, 'conformance'));
    expect(suite).toEqual(
      expect.arrayContaining([
        'FORMAT.md',
        'schema.gainsight.json',
        join('scenarios', 'dashboard-sharing.json'),
      ]),
    );
    expect(suite.filter((f) => f.startsWith('scenarios')).length).toBeGreaterThanOrEqual(10);
  });

  for (const dir of ['spec', 'conformance'])
    it.skipIf(!besides)(`${dir}/ is byte-identical to ../shared/${dir}`, () => {
      const mine = files(join(root, dir));
      const theirs = files(join(shared, dir));
      expect(mine, `files of ${dir}/ and ${join(shared, dir)}`).toEqual(theirs);
      const differ = mine.filter(
        (f) => !readFileSync(join(root, dir, f)).equals(readFileSync(join(shared, dir, f))),
      );
      expect(differ, `copy ${join(shared, dir)} over ${dir}/`).toEqual([]);
    });

  it('a refusal names the rule and the in-repo file that defines it (MODEL_SPEC)', () => {
    const m = model({
      users: [{ id: 'ann' }, { id: 'bob' }],
      resources: [{ type: 'dashboard', id: 'q3', owner: 'ann' }],
    });
    const refusal = (() => {
      try {
        m.apply('bob', { op: 'share', args: { asset: 'q3', user: 'bob', level: 'admin' } });
      } catch (e) {
        return e;
      }
    })();
    expect(refusal).toBeInstanceOf(RuleViolationError);
    const { rule, message } = refusal as RuleViolationError;
    expect(message).toMatch(new RegExp(`^MODEL ${rule}: .*\\(${MODEL_SPEC}\\)$`));
    expect(readFileSync(join(root, MODEL_SPEC), 'utf8')).toContain(`**${rule}**`);
  });

  it('nothing in the repository reads or links ../shared: READMEs link spec/MODEL.md', () => {
    const texts = [
      'README.md',
      'scripts',
      'bench',
      '.storybook',
      ...['packages', 'apps'].flatMap((d) =>
        readdirSync(join(root, d)).flatMap((p) => [join(d, p, 'README.md'), join(d, p, 'src')]),
      ),
    ]
      .filter((p) => existsSync(join(root, p)))
      .flatMap((p) =>
        statSync(join(root, p)).isDirectory() ? files(join(root, p)).map((f) => join(p, f)) : [p],
      )
      .filter((f) => /\.(md|ts|tsx|mjs|js)$/.test(f) && !f.endsWith('in-repo.test.ts'));
    const outside = texts.filter((f) =>
      /\.\.\/shared\/|\bshared\/(spec|conformance)\b/.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(outside).toEqual([]);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(`](${MODEL_SPEC})`);
  });
});
