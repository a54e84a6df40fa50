/**
 * Customer records protected by data sharing rules (MODEL D1–D5), and contact-centre report
 * events (R2): what the current user may read and write, answered by the browser's grants.
 * While they load the section says so, never "no record".
 */
import { useCan } from '@grantkit/react';
import type { Resource } from '../api';
import { Notice } from '../components/Notice';
import { useLoad, useSession } from '../components/session';
import { userName } from '../names';
import { humanize } from '../schema';
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
        {/* the same column widths in every card, so Read and Write line up from card to card */}
        <colgroup>
          <col className="col-record" />
          <col className="col-details" />
          <col className="col-allowed" />
          <col className="col-allowed" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Record</th>
            <th scope="col">Details</th>
            <th scope="col">Read</th>
            <th scope="col">Write</th>
          </tr>
        </thead>
        <tbody>
          {(records.data ?? []).map((r) => (
            <RecordRow key={r.id} record={r} actions={actions} />
          ))}
          {records.data?.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No record you may read or write.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

const CHANNELS: Readonly<Record<string, string>> = { voice: 'Voice', chat: 'Chat' };
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A report event as the Analyze screen names it: "Call 1 · Chat · Cal Agent". */
export function reportEventTitle(record: Pick<Resource, 'id' | 'fields'>): string {
  const f = (record.fields ?? {}) as Record<string, unknown>;
  const channel = text(f.channel);
  const handler = text(f.handledBy);
  return [
    text(f.summary) || 'Report event',
    CHANNELS[channel] ?? (channel ? humanize(channel) : ''),
    handler ? userName(handler) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A record's other fields as words: "Region: East", "Priority: high". */
function details(record: Resource): string {
  return Object.entries(record.fields ?? {})
    .filter(([k]) => k !== 'name' && k !== 'title')
    .map(([k, v]) => {
      const key = humanize(k);
      return `${key.charAt(0).toUpperCase()}${key.slice(1)}: ${String(v)}`;
    })
    .join(', ');
}

function RecordRow({ record, actions }: { record: Resource; actions: string[] }) {
  const event = record.type === 'reportEvent';
  return (
    <tr data-record={record.id}>
      {event ? (
        <th scope="row" colSpan={2}>
          {reportEventTitle(record)}
        </th>
      ) : (
        <>
          <th scope="row">{titleOf(record)}</th>
          <td className="muted">{details(record) || '—'}</td>
        </>
      )}
      {['read', 'write'].map((a) =>
        actions.includes(a) ? (
          <Allowed key={a} action={a} record={record} />
        ) : (
          <td key={a} className="muted">
            <span aria-hidden="true">—</span>
            <span className="sr-only">Read only</span>
          </td>
        ),
      )}
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
