import { createModel, loadSchema } from '@grantkit/core';
import { describe, expect, it } from 'vitest';
import schemaJson from '../schema.json' with { type: 'json' };
import { PRODUCT_PEOPLE, PRODUCTS, productStory, productWorld, tenantsOf } from './products.ts';

const schema = loadSchema(schemaJson);

describe('the product tenants (MODEL W5)', () => {
  it('each loads with the same PX people, engagements in production and staging, and its story applies', () => {
    for (const { tenant } of PRODUCTS.filter((p) => p.tenant !== 'acme')) {
      const model = createModel(schema, productWorld(tenant));
      expect(
        model
          .toWorld()
          .users.map((u) => u.id)
          .sort(),
      ).toEqual([...PRODUCT_PEOPLE].sort());
      const envs = new Set(productWorld(tenant).resources?.map((r) => r.env));
      expect(envs).toEqual(new Set(['production', 'staging']));
      for (const { actor, resource, action } of productStory(tenant)) {
        const before = model.check(actor, action, resource);
        expect(before).toBe(true);
        model.apply(actor, { op: 'transition', args: { resource, action } });
      }
    }
  });

  it('lists every product for the PX people and nothing for others', () => {
    expect(tenantsOf('pad').map((m) => m.tenant)).toEqual(PRODUCTS.map((p) => p.tenant));
    expect(tenantsOf('pad').every((m) => m.userId === 'pad')).toBe(true);
    expect(tenantsOf('eve')).toEqual([]);
  });
});
