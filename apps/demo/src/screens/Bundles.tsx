/**
 * Permission Bundles admin (MODEL N4–N11, R3): bundles with their page and module grants,
 * members by hand, by group and by rule (with advanced logic), bundle administrators.
 * Users who may open the Permission Bundles page see every bundle (N10); bundle
 * administrators see the bundles they administer and may only add and remove users (N9).
 */
import { createModel, loadSchema, type Model } from '@grantkit/core';
import { useCan } from '@grantkit/react';
import { useMemo, useState } from 'react';
import type { WorldBundle, WorldGroup, WorldUser } from '../api';
import { BundleEditor } from '../components/BundleEditor';
import { BundleMembers } from '../components/BundleMembers';
import { Notice, type Outcome } from '../components/Notice';
import { useLoad, useOp, useSession } from '../components/session';
import { PAGE, pageTitle, schemaDef } from '../schema';

const schema = loadSchema(schemaDef);
const BUILTIN = new Map(schemaDef.builtinBundles.map((b) => [b.id, b as Record<string, unknown>]));

/** A model of the tenant's people, groups and bundles, to compute members (core's own rules). */
export function peopleModel(
  users: readonly WorldUser[] | undefined,
  groups: readonly WorldGroup[] | undefined,
  bundles: readonly WorldBundle[] | undefined,
): Model | null {
  if (!users || !groups || !bundles) return null;
  try {
    return createModel(schema, { users, groups, bundles });
  } catch {
    return null;
  }
}

export function BundlesScreen() {
  const { api } = useSession();
  const run = useOp();
  const mayAdminister = useCan('navigate', { type: 'page', id: PAGE.bundles });
  const bundles = useLoad('bundles', () => api.bundles());
  const users = useLoad('users', () => api.users());
  const groups = useLoad('groups', () => api.groups());
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<WorldBundle | 'new' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const model = useMemo(
    () => peopleModel(users.data, groups.data, bundles.data),
    [users.data, groups.data, bundles.data],
  );
  const list = bundles.data ?? [];
  const bundle = list.find((b) => b.id === selected) ?? list[0];

  const remove = async (id: string) => {
    setOutcome(null);
    try {
      await run('deleteBundle', { id });
      setOutcome({ ok: true, text: `Bundle ${id} deleted.` });
      setSelected(null);
    } catch (error) {
      setOutcome({ ok: false, error });
    }
  };

  return (
    <section className="screen bundles">
      <h1>{mayAdminister ? 'Permission Bundles' : 'Bundles I administer'}</h1>
      <p className="lede">
        A user’s permissions are the union of every bundle that reaches them (MODEL K2). Nobody but
        a super admin may give anyone a permission they do not hold themselves (R3).
      </p>
      <Notice outcome={outcome} />
      {bundles.error !== undefined && <Notice outcome={{ ok: false, error: bundles.error }} />}
      {mayAdminister && (
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          New bundle
        </button>
      )}
      {!bundles.loading && list.length === 0 && (
        <p className="muted">You administer no bundle (MODEL N9).</p>
      )}
      <div className="split">
        <nav aria-label="Bundles" className="bundle-list">
          <ul>
            {list.map((b) => (
              <li key={b.id}>
                <button
                  type="button"
                  className="tree-item"
                  aria-current={b.id === bundle?.id ? 'true' : undefined}
                  onClick={() => setSelected(b.id)}
                  data-bundle={b.id}
                >
                  {b.id}
                  <span className="count">{model?.members({ bundle: b.id }).length ?? ''}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        {bundle !== undefined && (
          <article className="bundle-detail" aria-labelledby="bundle-title">
            <h2 id="bundle-title">{bundle.id}</h2>
            <p className="badges">
              {BUILTIN.has(bundle.id) && <span className="badge">built in</span>}
              {BUILTIN.get(bundle.id)?.immutable === true && (
                <span className="badge">cannot be changed</span>
              )}
              {BUILTIN.get(bundle.id)?.systemManaged === true && (
                <span className="badge">system managed</span>
              )}
            </p>
            {mayAdminister && (
              <div className="buttons">
                <button type="button" className="action-btn" onClick={() => setEditing(bundle)}>
                  Edit grants
                </button>
                <button
                  type="button"
                  className="action-btn danger"
                  onClick={() => remove(bundle.id)}
                >
                  Delete bundle
                </button>
              </div>
            )}
            <GrantsSummary bundle={bundle} />
            <BundleMembers
              bundle={bundle}
              model={model}
              users={users.data ?? []}
              groups={(groups.data ?? []).map((g) => g.id)}
              onOutcome={setOutcome}
            />
          </article>
        )}
      </div>
      {editing !== null && (
        <BundleEditor
          bundle={editing === 'new' ? null : editing}
          onSaved={(text) => {
            setOutcome({ ok: true, text });
            setEditing(null);
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

function GrantsSummary({ bundle }: { bundle: WorldBundle }) {
  const pages = bundle.grants.filter((g) => g.type === 'page');
  const others = bundle.grants.filter((g) => g.type !== 'page');
  return (
    <section aria-label="Grants">
      <h3>Grants</h3>
      {bundle.grants.length === 0 && <p className="muted">No grants.</p>}
      {pages.length > 0 && (
        <p>
          <strong>Pages:</strong>{' '}
          {pages.map((g) => `${pageTitle(g.id ?? '')} (${g.actions.join(', ')})`).join('; ')}
        </p>
      )}
      {others.length > 0 && (
        <ul className="grants">
          {others.map((g, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: grants have no id
            <li key={i}>
              <code>{g.type}</code>
              {g.id ? ` ${g.id}` : ' (module level)'}: {g.actions.join(', ')}
              {g.env ? ` in ${g.env.join(', ')}` : ''}
              {g.when ? ` when ${JSON.stringify(g.when)}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
