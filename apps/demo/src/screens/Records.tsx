/**
 * Customer records protected by data sharing rules (MODEL D1–D5), and contact-centre report
 * events (R2): what the current user may read and write, answered by the browser's grants.
 * While they load the section says so, never "no record".
 */
import { useCan } from '@grantkit/react';
import type { Resource } from '../api';
import { Notice } from '../components/Notice';
import { useLoad, useSession } from '../components/session';
import { titleOf } from '../util';

const SECTIONS = [
  { type: 'relationshipType', title: 'Relationship types', actions: ['read', 'write'] },
  { type: 'relationship', title: 'Relationships', actions: ['read', 'write'] },
  { type: 'cta', title: 'CTAs', actions: ['read', 'write'] },
  { type: 'reportEvent', title: 'Report events', actions: ['read'] },
];

export function RecordsScreen() {
  return (
    <section className="screen">
      <h1>C360: records</h1>
      <p className="lede">
        The records sharing rules open to you, those that belong to a record open to you, and what
        your reports may open, with what you may do on each.
      </p>
      {SECTIONS.map((s) => (
        <RecordSection key={s.type} {...s} />
      ))}
    </section>
  );
}

export function RecordSection({
  type,
  title,
  actions,
}: {
  type: string;
  title: string;
  actions: string[];
}) {
  const { api } = useSession();
  const records = useLoad(`records:${type}`, () => api.resources(type));
  return (
    <section className="card" aria-labelledby={`rec-${type}`}>
      <h2 id={`rec-${type}`}>{title}</h2>
      {records.error !== undefined && <Notice outcome={{ ok: false, error: records.error }} />}
      {records.data === undefined && records.error === undefined && (
        <p className="muted" role="status">
          Loading records…
        </p>
      )}
      <table className="records">
        <thead>
          <tr>
            <th scope="col">Record</th>
            <th scope="col">Fields</th>
            {actions.map((a) => (
              <th scope="col" key={a}>
                {a === 'read' ? 'Read' : 'Write'}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(records.data ?? []).map((r) => (
            <RecordRow key={r.id} record={r} actions={actions} />
          ))}
          {records.data?.length === 0 && (
            <tr>
              <td colSpan={2 + actions.length} className="muted">
                No record you may read or write.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

function RecordRow({ record, actions }: { record: Resource; actions: string[] }) {
  const fields = Object.entries(record.fields ?? {})
    .filter(([k]) => k !== 'name' && k !== 'title')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
  return (
    <tr data-record={record.id}>
      <th scope="row">{titleOf(record)}</th>
      <td className="muted">{fields || '—'}</td>
      {actions.map((a) => (
        <Allowed key={a} action={a} record={record} />
      ))}
    </tr>
  );
}

function Allowed({ action, record }: { action: string; record: Resource }) {
  const allowed = useCan(action, { type: record.type, id: record.id });
  return (
    <td data-action={action} data-allowed={allowed}>
      <span className={allowed ? 'yes' : 'no'}>{allowed ? '✓ yes' : '✗ no'}</span>
    </td>
  );
}
