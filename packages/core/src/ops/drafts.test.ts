// Draft copies of engagements (MODEL E2, E3) and bundle descriptions (issue 13).
import { describe, expect, it } from 'vitest';
import { model, pages } from '../__fixtures__/shared.ts';
import { InvalidInputError, RuleViolationError } from '../errors.ts';
import type { Model } from '../model/model.ts';
import type { Op } from './apply.ts';

/** The rule a refused op names, `invalid:<path>`, or 'ok'; a refusal changes nothing (MODEL R4). */
function attempt(m: Model, actor: string, op: string, args: Record<string, unknown>): string {
  const before = JSON.stringify(m.toWorld());
  try {
    m.apply(actor, { op, args } as Op);
    return 'ok';
  } catch (e) {
    expect(JSON.stringify(m.toWorld())).toBe(before);
    if (e instanceof RuleViolationError) return e.rule;
    if (e instanceof InvalidInputError) return `invalid:${e.path}`;
    throw e;
  }
}

const px = () =>
  model({
    users: [
      { id: 'ed', roles: ['PX_EDITOR'] },
      { id: 'ma', roles: ['PX_MANAGER'] },
      { id: 'pl', roles: ['PX_PRODUCTION_LAUNCHER', 'PX_VIEWER'] },
      { id: 'vi', roles: ['PX_VIEWER'] },
    ],
    resources: [
      {
        type: 'engagement',
        id: 'tour',
        env: 'production',
        state: 'active',
        fields: { title: 'Tour' },
      },
    ],
  });
const engagement = (m: Model, id: string) =>
  m.toWorld().resources?.find((r) => r.type === 'engagement' && r.id === id);
const copy = { resource: { type: 'engagement', id: 'tour' }, id: 'tour-draft' };

describe('draft copies (MODEL E2, E3)', () => {
  it('an editor copies an active production engagement into a draft, edits it, and a production launcher launches it onto the original', () => {
    const m = px();
    expect(attempt(m, 'ed', 'draftCopy', copy)).toBe('ok');
    expect(engagement(m, 'tour-draft')).toMatchObject({
      env: 'production',
      state: 'draft',
      fields: { title: 'Tour', draftOf: 'tour' },
    });
    const edit = { resource: { type: 'engagement', id: 'tour-draft' }, action: 'edit' };
    expect(attempt(m, 'ed', 'transition', { ...edit, fields: { title: 'Tour v2' } })).toBe('ok');
    expect(engagement(m, 'tour-draft')?.fields).toEqual({ title: 'Tour v2', draftOf: 'tour' });
    // the editor may not launch it in production; the launcher may (MODEL E3)
    const launch = { resource: { type: 'engagement', id: 'tour-draft' }, action: 'launch' };
    expect(attempt(m, 'ed', 'transition', launch)).toBe('E3');
    expect(attempt(m, 'pl', 'transition', launch)).toBe('ok');
    expect(engagement(m, 'tour-draft')).toBeUndefined();
    expect(engagement(m, 'tour')).toMatchObject({ state: 'active', fields: { title: 'Tour v2' } });
    const audit = m.audit({ type: 'engagement', id: 'tour' });
    expect(audit.at(-1)).toMatchObject({
      actor: 'pl',
      action: 'launch',
      before: { state: 'active', fields: { title: 'Tour' } },
      after: { state: 'active', fields: { title: 'Tour v2' }, from: 'tour-draft' },
    });
  });

  it('refuses a copy by someone who may not edit drafts (E3), an id in use (K8), a draft of a draft and a state field', () => {
    const m = px();
    expect(attempt(m, 'vi', 'draftCopy', copy)).toBe('E3');
    expect(attempt(m, 'ed', 'draftCopy', { ...copy, id: 'tour' })).toBe('K8');
    expect(attempt(m, 'ed', 'draftCopy', { ...copy, fields: { state: 'active' } })).toBe(
      'invalid:args.fields',
    );
    expect(attempt(m, 'ed', 'draftCopy', copy)).toBe('ok');
    expect(
      attempt(m, 'ed', 'draftCopy', {
        resource: { type: 'engagement', id: 'tour-draft' },
        id: 'x',
      }),
    ).toBe('invalid:args.resource.id');
    // fields change on an edit only, never the state
    const draft = { type: 'engagement', id: 'tour-draft' };
    expect(
      attempt(m, 'pl', 'transition', { resource: draft, action: 'launch', fields: { title: 'x' } }),
    ).toBe('invalid:args.fields');
    expect(
      attempt(m, 'ed', 'transition', {
        resource: draft,
        action: 'edit',
        fields: { state: 'active' },
      }),
    ).toBe('invalid:args.fields');
  });

  it('a draft copy survives a world round trip (the server stores worlds)', () => {
    const m = px();
    m.apply('ed', { op: 'draftCopy', args: copy } as Op);
    const again = model(m.toWorld());
    expect(again.toWorld().resources).toEqual(m.toWorld().resources);
    expect(again.check('ed', 'edit', { type: 'engagement', id: 'tour-draft' })).toBe(true);
  });
});

describe('bundle descriptions (issue 13)', () => {
  const world = () =>
    model({
      users: [
        { id: 'sam', superAdmin: true },
        { id: 'b', roles: ['BE'] },
      ],
      bundles: [{ id: 'BE', grants: pages('administration', 'administration.permissionBundles') }],
    });
  const bundle = (m: Model, id: string) => m.toWorld().bundles?.find((b) => b.id === id);

  it('createBundle and editBundle set it, an empty one removes it, the world keeps it', () => {
    const m = world();
    const grants = pages('administration');
    expect(
      attempt(m, 'b', 'createBundle', { id: 'X', grants, description: 'CS leads in EMEA' }),
    ).toBe('ok');
    expect(bundle(m, 'X')?.description).toBe('CS leads in EMEA');
    expect(model(m.toWorld()).toWorld()).toEqual(m.toWorld());
    expect(attempt(m, 'b', 'editBundle', { id: 'X', grants })).toBe('ok');
    expect(bundle(m, 'X')?.description).toBe('CS leads in EMEA');
    expect(attempt(m, 'b', 'editBundle', { id: 'X', grants, description: 'Leads' })).toBe('ok');
    expect(m.audit({ type: 'bundle', id: 'X' }).at(-1)).toMatchObject({
      before: { description: 'CS leads in EMEA' },
      after: { description: 'Leads' },
    });
    expect(attempt(m, 'b', 'editBundle', { id: 'X', grants, description: '' })).toBe('ok');
    expect(bundle(m, 'X')).not.toHaveProperty('description');
  });

  it('refuses a description over 500 characters, naming the field', () => {
    const m = world();
    expect(
      attempt(m, 'b', 'createBundle', { id: 'X', grants: [], description: 'x'.repeat(501) }),
    ).toBe('invalid:args.description');
    expect(() =>
      model({ users: [], bundles: [{ id: 'Y', grants: [], description: 7 as unknown as string }] }),
    ).toThrow(/bundles\[0\]\.description/);
  });
});
