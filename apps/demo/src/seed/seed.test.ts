import { createModel, loadSchema } from '@grantkit/core';
import { describe, expect, it } from 'vitest';
import schemaJson from '../schema.json' with { type: 'json' };
import { seedWorld, users } from './index.ts';

const schema = loadSchema(schemaJson);
const world = seedWorld();
const model = createModel(schema, world);
const resources = world.resources ?? [];

describe('the seed tenant', () => {
  it('loads into the model with the demo schema (a copy of the Gainsight schema)', () => {
    expect(model.toWorld().users).toHaveLength(users.length);
    expect(users.length).toBeGreaterThanOrEqual(20);
  });

  it('has 200 dashboards at every sharing level, in folders three levels deep (MODEL A1, A4)', () => {
    const dashboards = resources.filter((r) => r.type === 'dashboard');
    expect(dashboards).toHaveLength(200);
    expect(new Set(dashboards.map((d) => d.sharing))).toEqual(
      new Set(['private', 'public-view', 'public-view-share', 'public-view-edit', 'specific']),
    );
    const folders = new Map(resources.filter((r) => r.type === 'folder').map((f) => [f.id, f]));
    const depth = (id: string): number => {
      const f = folders.get(id);
      return f === undefined ? 1 : 1 + depth(f.parent ?? 'home');
    };
    expect(Math.max(...[...folders.keys()].map(depth))).toBe(3);
  });

  it('names dashboards and folders by fields.title, as core explains them (MODEL K6)', () => {
    const d = resources.find((r) => r.type === 'dashboard' && r.owner === 'ada')!;
    const why = model.explain('vic', 'edit', { type: 'dashboard', id: d.id });
    expect(why.message).toContain(String(d.fields?.title));
  });

  it('keeps the lifecycle state out of engagement fields, so transitions are seen by conditions', () => {
    const engagements = resources.filter((r) => r.type === 'engagement');
    expect(new Set(engagements.map((e) => e.env))).toEqual(new Set(['production', 'staging']));
    for (const e of engagements) expect(e.fields).not.toHaveProperty('state');
    model.apply('pad', {
      op: 'transition',
      args: { resource: { type: 'engagement', id: 'feature-x' }, action: 'launch' },
    });
    // PX editors edit drafts only (MODEL E3): once launched, no more
    expect(model.check('ped', 'edit', { type: 'engagement', id: 'feature-x' })).toBe(false);
  });

  it('gives each persona what the demo says about them', () => {
    expect(model.menu('vic')).toEqual(
      ['adoptionExplorer', 'c360', 'mySettings', 'profile', 'r360', 'timeline'].sort(),
    );
    expect(model.members({ bundle: 'CSM' })).toEqual(
      expect.arrayContaining(['eve', 'eli', 'will', 'wyn', 'wan']),
    );
    const prod = { type: 'engagement', id: 'welcome-tour', env: 'production' };
    expect(model.check('pma', 'pause', prod)).toBe(false);
    expect(model.check('pla', 'pause', prod)).toBe(true);
    expect(
      model.check('ben', 'navigate', { type: 'page', id: 'administration.permissionBundles' }),
    ).toBe(true);
    expect(model.check('sam', 'admin', { type: 'dashboard', id: 'd001' })).toBe(true);
  });

  it('gives survey admins one survey each and the question library to module designers (MODEL N13)', () => {
    expect(resources.filter((r) => r.type === 'survey')).toHaveLength(4);
    const survey = (id: string) => ({ type: 'survey', id });
    expect(model.check('eve', 'admin', survey('onboarding-csat'))).toBe(true);
    expect(model.check('eve', 'admin', survey('nps-2026'))).toBe(false);
    expect(model.check('eve', 'useLibrary', { type: 'survey' })).toBe(false);
    expect(model.check('ada', 'useLibrary', { type: 'survey' })).toBe(true);
  });

  it('opens Analyze to the contact-centre roles: ReportViewer reads all events, User its own (MODEL R2)', () => {
    const analyze = { type: 'page', id: 'analyze' };
    expect(model.check('ccr', 'navigate', analyze)).toBe(true);
    expect(model.check('ccu', 'navigate', analyze)).toBe(true);
    expect(model.list('ccr', 'reportEvent')).toHaveLength(12);
    const own = model.list('ccu', 'reportEvent');
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(12);
  });

  it('lets CustomerAdmin change settings and channels, UserManager channels only (MODEL R1)', () => {
    const recording = { type: 'settings', id: 'call-recording' };
    expect(model.check('cca', 'turnOff', recording)).toBe(true);
    expect(model.check('ccm', 'view', recording)).toBe(true);
    expect(model.check('ccm', 'turnOff', recording)).toBe(false);
    expect(model.check('ccm', 'enable', { type: 'channel', id: 'sms' })).toBe(true);
    expect(
      model.check('ccm', 'navigate', { type: 'page', id: 'administration.userManagement' }),
    ).toBe(true);
  });
});
