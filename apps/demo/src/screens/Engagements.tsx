/**
 * PX engagements in production and staging: edit drafts, launch and pause per MODEL E2–E4
 * (in production only Production Launchers and Admins), and the pause history from the
 * audit trail (E5).
 */
import { useCan } from '@grantkit/react';
import type { ActivityItem } from '@grantkit/sdk/activity';
import { useEffect, useState } from 'react';
import type { AuditRecord, Resource } from '../api';
import { ActionButton } from '../components/ActionButton';
import { OnActivity, Watch } from '../components/BellActivity';
import { DraftCopyButton, DraftEditor, DraftNote, draftOf } from '../components/EngagementDraft';
import { Notice, type Outcome } from '../components/Notice';
import { useLoad, useOp, useSession } from '../components/session';
import { Why } from '../components/Why';
import { userName } from '../names';
import { valueTitle } from '../schema';
import { titleOf, when } from '../util';

const ENVIRONMENTS = [
  { env: 'production', title: 'Production' },
  { env: 'staging', title: 'Staging' },
];

export function EngagementsScreen() {
  const { api } = useSession();
  const mayView = useCan('view', { type: 'engagement' });
  const engagements = useLoad('engagements', () => api.resources('engagement'));
  const [outcome, setOutcome] = useState<Outcome>(null);
  // Live: anyone's change to an engagement (the activity stream, MODEL W1) reloads the list,
  // so the state, the buttons and the history agree without reload.
  const [changes, setChanges] = useState<readonly ActivityItem[]>([]);
  const { reload } = engagements;
  const newest = changes[0]?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the newest change is new
  useEffect(() => {
    if (newest !== undefined) reload();
  }, [newest]);
  return (
    <section className="screen">
      <OnActivity filter={ENGAGEMENT_CHANGES} onItems={setChanges} />
      <h1>Engagements</h1>
      <div className="lede">
        Editors edit drafts. Managers launch and pause in staging; in production only Production
        Launchers and Admins may. <Why rule="E3" />
      </div>
      {!mayView && (
        <p className="notice refused" role="alert">
          You may not view engagements.
        </p>
      )}
      <Notice outcome={outcome} />
      {engagements.error !== undefined && (
        <Notice outcome={{ ok: false, error: engagements.error }} />
      )}
      {ENVIRONMENTS.map(({ env, title }) => {
        const rows = (engagements.data ?? []).filter((e) => e.env === env);
        return (
          <section key={env} className="card" aria-labelledby={`env-${env}`}>
            <h2 id={`env-${env}`}>{title}</h2>
            <table className="engagements">
              <thead>
                <tr>
                  <th scope="col">Engagement</th>
                  <th scope="col">State</th>
                  <th scope="col">Actions</th>
                  <th scope="col">History</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <EngagementRow
                    key={e.id}
                    engagement={e}
                    onOutcome={setOutcome}
                    changed={changes.find((c) => c.resource.id === e.id)?.id}
                  />
                ))}
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={4} className="muted">
                      {engagements.loading ? 'Loading…' : 'None you may see.'}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </section>
        );
      })}
    </section>
  );
}

/** Lifecycle actions allowed from each state (MODEL E2); the permission decides the rest. */
const FROM: Record<string, readonly { I: string; label: string }[]> = {
  draft: [
    { I: 'edit', label: 'Edit' },
    { I: 'launch', label: 'Launch' },
  ],
  active: [{ I: 'pause', label: 'Pause' }],
  paused: [{ I: 'launch', label: 'Launch' }],
};

const ENGAGEMENT_CHANGES = { type: 'engagement' } as const;

function EngagementRow({
  engagement: e,
  onOutcome,
  changed,
}: {
  engagement: Resource;
  onOutcome(o: Outcome): void;
  /** The id of the newest change to it heard live (the open history follows it). */
  changed?: string | undefined;
}) {
  const { api } = useSession();
  const run = useOp();
  const [history, setHistory] = useState<AuditRecord[] | string | null>(null);
  const [editing, setEditing] = useState<Resource | null>(null);
  const title = titleOf(e);
  const on = { type: 'engagement', id: e.id, ...(e.env ? { env: e.env } : {}), fields: { title } };

  const transition = async (action: string, label: string) => {
    onOutcome(null);
    try {
      await run('transition', { resource: { type: 'engagement', id: e.id }, action });
      onOutcome({ ok: true, text: `${label}: ${title} done.` });
      if (history !== null) await showHistory();
    } catch (error) {
      onOutcome({ ok: false, error });
    }
  };
  const showHistory = async () => {
    try {
      setHistory(await api.audit('engagement', e.id));
    } catch (error) {
      setHistory(error instanceof Error ? error.message : String(error));
    }
  };
  const open = history !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload an open history on a change
  useEffect(() => {
    if (open && changed !== undefined) void showHistory();
  }, [changed]);
  // Newest first, launches too: the history agrees with the state beside it.
  const pauses = Array.isArray(history)
    ? history.filter((h) => h.action === 'pause' || h.action === 'launch').reverse()
    : [];

  return (
    <tr data-engagement={e.id}>
      <th scope="row">
        {title} <DraftNote engagement={e} />
      </th>
      <td>
        <span className={`state state-${e.state}`} data-state={e.state}>
          {valueTitle(e.state ?? '')}
        </span>
      </td>
      <td className="actions">
        {e.state !== 'draft' && (
          <DraftCopyButton engagement={e} onOutcome={onOutcome} onCreated={setEditing} />
        )}
        {(FROM[e.state ?? ''] ?? []).map((a) => (
          <ActionButton
            key={a.I}
            I={a.I}
            on={on}
            label={a.label}
            subject={draftOf(e) ? `${title} (draft copy)` : title}
            text
            onClick={a.I === 'edit' ? () => setEditing(e) : () => transition(a.I, a.label)}
          />
        ))}
        {editing !== null && (
          <DraftEditor
            engagement={editing}
            onOutcome={onOutcome}
            onClose={() => setEditing(null)}
          />
        )}
        <Watch type="engagement" id={e.id} title={title} />
      </td>
      <td>
        <button type="button" className="link" onClick={showHistory}>
          History
        </button>
        <div aria-live="polite" className="history" data-testid={`history-${e.id}`}>
          {typeof history === 'string' && <span className="refused">{history}</span>}
          {Array.isArray(history) &&
            (pauses.every((h) => h.action !== 'pause') ? (
              <span className="muted">Never paused (since the audit trail began).</span>
            ) : (
              <ul>
                {pauses.map((h) => (
                  <li key={`${h.revision}-${h.at}`}>
                    {h.action === 'pause' ? 'Paused' : 'Launched'} by{' '}
                    <strong>{userName(h.actor)}</strong> at {when(h.at)}
                  </li>
                ))}
              </ul>
            ))}
        </div>
      </td>
    </tr>
  );
}
