/**
 * Analyze: contact-centre report events (MODEL R1, R2). ReportViewer (and CustomerAdmin) read
 * every event; the User role reads only the events it handled (a conditional grant, so the
 * server's listing already holds only those). Filter by channel.
 */
import { useCan } from '@grantkit/react';
import { useState } from 'react';
import type { Resource } from '../api';
import { Notice } from '../components/Notice';
import { useLoad, useSession } from '../components/session';
import { Why } from '../components/Why';
import { userName } from '../names';

const CHANNELS = [
  { id: '', title: 'All channels' },
  { id: 'voice', title: 'Voice' },
  { id: 'chat', title: 'Chat' },
];
const field = (r: Resource, key: string): string => {
  const v = (r.fields as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v : '';
};
const number = (r: Resource): number => Number(/\d+/.exec(r.id)?.[0] ?? 0);

export function ReportsScreen() {
  const { api, session } = useSession();
  const me = session.viewAs ?? session.userId;
  const all = useCan('read', { type: 'reportEvent' });
  const events = useLoad('reportEvents', () => api.resources('reportEvent'));
  const [channel, setChannel] = useState('');
  const rows = (events.data ?? [])
    .filter((e) => channel === '' || field(e, 'channel') === channel)
    .sort((a, b) => number(a) - number(b));
  const handledByMe = (events.data ?? []).filter((e) => field(e, 'handledBy') === me).length;
  return (
    <section className="screen reports">
      <h1>Analyze</h1>
      <div className="lede">
        {all
          ? 'Every report event of the contact centre.'
          : 'The report events you handled. Report viewers see every event.'}{' '}
        <Why rule={['R1', 'R2']} />
      </div>
      {events.error !== undefined && <Notice outcome={{ ok: false, error: events.error }} />}
      <dl className="report-stats" aria-busy={events.loading}>
        <div>
          <dt>Events you see</dt>
          <dd data-testid="events-count">{events.data ? events.data.length : '…'}</dd>
        </div>
        <div>
          <dt>Handled by you</dt>
          <dd>{events.data ? handledByMe : '…'}</dd>
        </div>
        <div>
          <dt>Scope</dt>
          <dd data-testid="events-scope">{all ? 'All events' : 'Your events'}</dd>
        </div>
      </dl>
      <section className="card" aria-labelledby="events-title">
        <div className="card-head">
          <h2 id="events-title">Report events</h2>
          <fieldset className="segmented">
            <legend className="sr-only">Channel</legend>
            {CHANNELS.map((c) => (
              <label key={c.id} className={channel === c.id ? 'on' : undefined}>
                <input
                  type="radio"
                  name="channel"
                  value={c.id}
                  checked={channel === c.id}
                  onChange={() => setChannel(c.id)}
                />
                {c.title}
              </label>
            ))}
          </fieldset>
        </div>
        <table className="report-events">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Channel</th>
              <th scope="col">Handled by</th>
            </tr>
          </thead>
          <tbody aria-busy={events.loading}>
            {events.data === undefined &&
              events.error === undefined &&
              [0, 1, 2, 3].map((i) => (
                <tr key={i} className="skeleton-row">
                  <td colSpan={3}>
                    <span className="skeleton-bar" />
                  </td>
                </tr>
              ))}
            {rows.map((e) => (
              <tr key={e.id} data-event={e.id} data-handled-by={field(e, 'handledBy')}>
                <th scope="row">{field(e, 'summary') || e.id}</th>
                <td>{field(e, 'channel') === 'voice' ? 'Voice' : 'Chat'}</td>
                <td>{field(e, 'handledBy') === me ? 'You' : userName(field(e, 'handledBy'))}</td>
              </tr>
            ))}
            {events.data !== undefined && rows.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  {events.data.length === 0
                    ? 'No report event is open to you yet.'
                    : 'No event on this channel.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </section>
  );
}
