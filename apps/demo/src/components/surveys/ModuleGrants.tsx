/**
 * Who has access to all surveys (module level, MODEL K5, N13): the permission bundles with a
 * survey grant, for those who may read the tenant's bundles (tenant admins). Nothing for others.
 */
import { bundleTitle } from '../../bundleNames';
import { useLoad, useSession } from '../session';
import { Why } from '../Why';
import { levelTitle, SURVEY_LEVELS } from './levels';

const order = SURVEY_LEVELS.map((l) => l.action as string);

export function ModuleGrants() {
  const { api, session } = useSession();
  const bundles = useLoad('bundles', () => api.bundles().catch(() => []));
  const rows = (bundles.data ?? []).flatMap((b) => {
    const actions = new Set(
      (b.grants ?? [])
        .filter((g) => g.type === 'survey' && g.id === undefined)
        .flatMap((g) => g.actions),
    );
    const top = order.find((a) => actions.has(a));
    return top ? [{ bundle: b.id, level: top, users: b.users?.length ?? 0 }] : [];
  });
  // viewing as someone: they would not see who holds which bundle (the list is the admin's own)
  if (rows.length === 0 || session.viewAs !== undefined) return null;
  return (
    <section className="card" aria-labelledby="module-grants-title">
      <h2 id="module-grants-title">Access to all surveys</h2>
      <div className="muted">
        Given by permission bundles; change it on the Permission Bundles page. <Why rule="K5" />
      </div>
      <table className="module-grants">
        <thead>
          <tr>
            <th scope="col">Permission bundle</th>
            <th scope="col">Access on every survey</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.bundle} data-bundle={r.bundle}>
              <th scope="row">{bundleTitle(r.bundle)}</th>
              <td>{levelTitle(r.level)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
