/** The tenant's audit trail, newest first (MODEL E5): who changed what, when, before and after. */
import { useState } from 'react';
import type { AuditRecord } from '../api';
import { Notice } from '../components/Notice';
import { useLoad, useSession } from '../components/session';
import { userName } from '../names';
import { when } from '../util';

const brief = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

export function AuditScreen() {
  const { api } = useSession();
  const [filter, setFilter] = useState('');
  const audit = useLoad('audit', () => api.auditAll(300));
  const q = filter.trim().toLowerCase();
  const rows = (audit.data ?? []).filter(
    (a: AuditRecord) =>
      q === '' ||
      [a.actor, userName(a.actor), a.action, a.resource.type, a.resource.id].some((s) =>
        s.toLowerCase().includes(q),
      ),
  );
  return (
    <section className="screen">
      <h1>Audit log</h1>
      <p className="lede">
        Every lifecycle change and permission change, newest first (MODEL E5). Tenant admins only.
      </p>
      {audit.error !== undefined && <Notice outcome={{ ok: false, error: audit.error }} />}
      <label className="field inline">
        Filter
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="actor, action or resource"
        />
      </label>
      <table className="audit">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Resource</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr
              key={`${a.seq ?? ''}-${a.revision}-${a.resource.type}-${a.resource.id}-${a.action}`}
            >
              <td className="nowrap">{when(a.at)}</td>
              <td>{userName(a.actor)}</td>
              <td>
                <code>{a.action}</code>
              </td>
              <td>
                {a.resource.type} <code>{a.resource.id}</code>
              </td>
              <td className="json">{brief(a.before)}</td>
              <td className="json">{brief(a.after)}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                {audit.loading ? 'Loading…' : 'No changes yet.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
