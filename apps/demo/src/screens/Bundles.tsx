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
import { bundleTitle, grantSentence, isRole } from '../bundleNames';
import { BundleDelete } from '../components/BundleDelete';
import { BundleEditor } from '../components/BundleEditor';
import { BundleMembers } from '../components/BundleMembers';
import {
  builtinRule,
  deleteRefusal,
  editRefusal,
  type ListedBundle,
  membersOf,
  membersRefusal,
} from '../components/bundleRules';
import { Greyed } from '../components/Greyed';
import { Notice, type Outcome } from '../components/Notice';
import { useLoad, useSession } from '../components/session';
import { Why } from '../components/Why';
import { PAGE, schemaDef, typeTitle } from '../schema';

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
    const plain = bundles.map(({ members: _m, ...b }: ListedBundle) => b);
    return createModel(schema, { users, groups, bundles: plain });
  } catch {
    return null;
  }
}

export function BundlesScreen() {
  const { api } = useSession();
  const mayAdminister = useCan('navigate', { type: 'page', id: PAGE.bundles });
  const bundles = useLoad('bundles', () => api.bundles());
  const users = useLoad('users', () => api.users());
  const groups = useLoad('groups', () => api.groups());
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<WorldBundle | 'new' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [query, setQuery] = useState('');
  const [deleting, setDeleting] = useState<WorldBundle | null>(null);
  const model = useMemo(
    () => peopleModel(users.data, groups.data, bundles.data),
    [users.data, groups.data, bundles.data],
  );
  const all: ListedBundle[] = bundles.data ?? [];
  const q = query.trim().toLowerCase();
  const list = all.filter(
    (b) =>
      q === '' ||
      b.id.toLowerCase().includes(q) ||
      bundleTitle(b.id).toLowerCase().includes(q) ||
      (b.description ?? '').toLowerCase().includes(q),
  );
  const bundle = list.find((b) => b.id === selected) ?? list[0];

  return (
    <section className="screen bundles">
      <h1>{mayAdminister ? 'Permission Bundles' : 'Bundles I administer'}</h1>
      <div className="lede">
        {mayAdminister
          ? 'A user’s permissions are everything the bundles that reach them give. Nobody but a super admin may give anyone a permission they do not hold themselves.'
          : 'The bundles you administer: you add and remove their users.'}{' '}
        <Why rule={mayAdminister ? ['K2', 'R3'] : ['N9']} />
      </div>
      <Notice outcome={outcome} />
      {bundles.error !== undefined && <Notice outcome={{ ok: false, error: bundles.error }} />}
      {mayAdminister && (
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          New bundle
        </button>
      )}
      {!bundles.loading && bundles.error === undefined && all.length === 0 && (
        <p className="muted empty-state">
          You administer no bundle. A Permission Bundles administrator can make you the
          administrator of one.
        </p>
      )}
      {(bundles.loading || all.length > 0) && (
        <div className="split">
          <nav aria-label="Bundles" className="bundle-list">
            <label className="field">
              Search bundles
              <input
                type="search"
                value={query}
                placeholder="Name or description"
                onChange={(e) => setQuery(e.target.value)}
              />
            </label>
            <ul>
              {list.map((b) => (
                <li key={b.id}>
                  <button
                    type="button"
                    className="tree-item"
                    aria-current={b.id === bundle?.id ? 'true' : undefined}
                    onClick={() => setSelected(b.id)}
                    data-bundle={b.id}
                    title={
                      b.description ? `${bundleTitle(b.id)}: ${b.description}` : bundleTitle(b.id)
                    }
                  >
                    <span className="bundle-name">
                      {bundleTitle(b.id)}
                      {b.description && <span className="bundle-desc">{b.description}</span>}
                    </span>
                    <span className="count">
                      {model || b.members ? membersOf(b, model).length : ''}
                    </span>
                    {(model || b.members) && <span className="sr-only"> members</span>}
                  </button>
                </li>
              ))}
            </ul>
            {!bundles.loading && all.length > 0 && list.length === 0 && (
              <p className="muted" role="status">
                No bundle matches “{query}”.
              </p>
            )}
          </nav>
          {bundle !== undefined && (
            <article className="bundle-detail" aria-labelledby="bundle-title">
              <h2 id="bundle-title" data-bundle-id={bundle.id}>
                {bundleTitle(bundle.id)}
              </h2>
              {bundle.description && <p data-testid="bundle-description">{bundle.description}</p>}
              <div className="badges">
                {isRole(bundle.id) && <span className="badge">contact-centre role</span>}
                {BUILTIN.has(bundle.id) && <span className="badge">built in</span>}
                {BUILTIN.get(bundle.id)?.immutable === true && (
                  <span className="badge">cannot be changed</span>
                )}
                {BUILTIN.get(bundle.id)?.systemManaged === true && (
                  <span className="badge">system managed</span>
                )}
                {(deleteRefusal(bundle.id) ?? membersRefusal(bundle.id)) !== null && (
                  <Why rule={builtinRule(bundle.id)} />
                )}
              </div>
              {mayAdminister && (
                <div className="buttons">
                  <Greyed reason={editRefusal(bundle.id)}>
                    <button type="button" className="action-btn" onClick={() => setEditing(bundle)}>
                      Edit grants
                    </button>
                  </Greyed>
                  <Greyed reason={deleteRefusal(bundle.id)}>
                    <button
                      type="button"
                      className="action-btn danger"
                      onClick={() => setDeleting(bundle)}
                    >
                      Delete bundle
                    </button>
                  </Greyed>
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
      )}
      {deleting !== null && (
        <BundleDelete
          bundle={deleting}
          members={membersOf(deleting, model).length}
          onDeleted={(text) => {
            setDeleting(null);
            setSelected(null);
            setOutcome({ ok: true, text });
          }}
          onClose={() => setDeleting(null)}
        />
      )}
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
      {bundle.grants.length === 0 && <p className="muted">This bundle gives nothing yet.</p>}
      {pages.length > 0 && (
        <p>
          <strong>Pages:</strong> {pages.map(grantSentence).join('; ')}
        </p>
      )}
      {others.length > 0 && (
        <ul className="grants">
          {others.map((g, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: grants have no id
            <li key={i}>
              <strong>{typeTitle(g.type, { plural: true })}:</strong> {grantSentence(g)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
