/**
 * The tenant's audit trail, newest first (MODEL E5): who changed what and when, as sentences
 * ("Ann Admin shared “Q3 Revenue” with Bob (edit)"), with the before/after as a readable list
 * of changes in a details element. Tenant admins only.
 */
import { useMemo, useState } from 'react';
import type { AuditRecord, Resource, WorldUser } from '../api';
import { Notice } from '../components/Notice';
import { Skeleton } from '../components/Skeleton';
import { useLoad, useSession } from '../components/session';
import { Why } from '../components/Why';
import { userName } from '../names';
import { typeTitle } from '../schema';
import { titleOf, when } from '../util';
import { type AuditNames, auditChanges, auditSentence } from './auditText';

/** Resource types whose titles the sentences use. */
const TITLED = ['asset', 'engagement', 'survey'] as const;

interface Lookups {
  readonly users: readonly WorldUser[];
  readonly resources: readonly Resource[];
}

/** Titles the log itself recorded (a created asset's fields), for assets deleted since. */
function recordedTitles(audit: readonly AuditRecord[]): Map<string, string> {
  const titles = new Map<string, string>();
  for (const a of audit) {
    const fields = (a.after ?? a.before) as { fields?: { title?: unknown } } | null;
    const title = fields?.fields?.title;
    if (typeof title === 'string') titles.set(`${a.resource.type}:${a.resource.id}`, title);
  }
  return titles;
}

function namesOf(lookups: Lookups | undefined, audit: readonly AuditRecord[]): AuditNames {
  const recorded = recordedTitles(audit);
  const people = new Map(
    (lookups?.users ?? []).map((u) => {
      const name = u.attributes?.name;
      return [u.id, typeof name === 'string' ? name : userName(u.id)] as const;
    }),
  );
  const byKey = new Map((lookups?.resources ?? []).map((r) => [`${r.type}:${r.id}`, r]));
  return {
    user: (id) => people.get(id) ?? userName(id),
    title: (type, id) => {
      const r = byKey.get(`${type}:${id}`);
      return r ? titleOf(r) : recorded.get(`${type}:${id}`);
    },
    env: (type, id) => byKey.get(`${type}:${id}`)?.env,
  };
}

export function AuditScreen() {
  const { api } = useSession();
  const [filter, setFilter] = useState('');
  const audit = useLoad('audit', () => api.auditAll(300));
  const lookups = useLoad<Lookups>('audit-names', async () => {
    const [users, ...lists] = await Promise.all([
      api.users(),
      ...TITLED.map((t) => api.resources(t).catch(() => [] as Resource[])),
    ]);
    return { users, resources: lists.flat() };
  });
  const names = useMemo(() => namesOf(lookups.data, audit.data ?? []), [lookups.data, audit.data]);
  const entries = useMemo(
    () =>
      (audit.data ?? []).map((a: AuditRecord) => ({
        record: a,
        sentence: auditSentence(a, names),
        changes: auditChanges(a, names),
      })),
    [audit.data, names],
  );
  const q = filter.trim().toLowerCase();
  const rows = entries.filter(
    ({ record: a, sentence }) =>
      q === '' ||
      [sentence, names.user(a.actor), a.actor, typeTitle(a.resource.type)].some((s) =>
        s.toLowerCase().includes(q),
      ),
  );
  const loading = audit.data === undefined && audit.loading;
  return (
    <section className="screen">
      <h1>Audit log</h1>
      <div className="lede">
        Every lifecycle change and every permission change, newest first: who did it, when, and what
        it changed. Only tenant admins see this page. <Why rule={['E5', 'W1']} />
      </div>
      {audit.error !== undefined && <Notice outcome={{ ok: false, error: audit.error }} />}
      <label className="field inline audit-filter">
        Filter changes
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="Name, title or action"
        />
      </label>
      {audit.error !== undefined && audit.data === undefined ? null : loading ? (
        <Skeleton variant="rows" lines={6} label="Loading the audit log…" />
      ) : (
        <table className="audit">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ record: a, sentence, changes }) => (
              <tr
                key={`${a.seq ?? ''}-${a.revision}-${a.resource.type}-${a.resource.id}-${a.action}`}
                data-action={a.action}
              >
                <td className="nowrap">{when(a.at)}</td>
                <td>
                  <span className="audit-sentence">{sentence}</span>
                  <details className="audit-changes">
                    <summary>Changes</summary>
                    {changes.length === 0 ? (
                      <p className="muted">No field changed.</p>
                    ) : (
                      <table className="diff">
                        <thead>
                          <tr>
                            <th scope="col">Field</th>
                            <th scope="col">Before</th>
                            <th scope="col">After</th>
                          </tr>
                        </thead>
                        <tbody>
                          {changes.map((c) => (
                            <tr key={c.label}>
                              <th scope="row">{c.label}</th>
                              <td>
                                <del>{c.before}</del>
                              </td>
                              <td>
                                <ins>{c.after}</ins>
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                    <p className="muted audit-ref">
                      {a.resource.type === 'recordType'
                        ? `Record type: ${typeTitle(a.resource.id, { plural: true })}`
                        : `${typeTitle(a.resource.type)} ${a.resource.id}`}{' '}
                      · revision {a.revision}
                    </p>
                  </details>
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={2} className="muted">
                  {q === '' ? 'No changes yet.' : 'No change matches the filter.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
