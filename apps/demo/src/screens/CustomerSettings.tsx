/**
 * ENGAGEcx Contact Centre Settings: tenant settings (CustomerAdmin) and contact channels
 * (CustomerAdmin and UserManager), switched on and off by lifecycle transitions (MODEL E2, E5:
 * each change is audited). What a role may not change is greyed with the reason (A12).
 */
import { useState } from 'react';
import type { Resource } from '../api';
import { Dialog } from '../components/Dialog';
import { Notice, type Outcome } from '../components/Notice';
import { useLoad, useOp, useSession } from '../components/session';
import { ChangeGuard } from '../components/surveys/ChangeGuard';
import { Why } from '../components/Why';
import { titleOf } from '../util';

interface Kind {
  readonly type: 'settings' | 'channel';
  readonly title: string;
  readonly intro: string;
  readonly on: string;
  readonly states: { readonly on: string; readonly off: string };
  readonly actions: { readonly on: string; readonly off: string };
  readonly labels: { readonly on: string; readonly off: string };
  readonly who: string;
  readonly offWarning: (title: string) => string;
}

const KINDS: readonly Kind[] = [
  {
    type: 'settings',
    title: 'Tenant settings',
    intro: 'How the contact centre behaves for every agent and caller.',
    on: 'On',
    states: { on: 'on', off: 'off' },
    actions: { on: 'turnOn', off: 'turnOff' },
    labels: { on: 'Turn on', off: 'Turn off' },
    who: 'Only a Customer admin may change tenant settings',
    offWarning: (t) => `${t} stops for every agent and caller until someone turns it on again.`,
  },
  {
    type: 'channel',
    title: 'Channels',
    intro: 'The ways customers can reach the contact centre.',
    on: 'Enabled',
    states: { on: 'enabled', off: 'disabled' },
    actions: { on: 'enable', off: 'disable' },
    labels: { on: 'Enable', off: 'Disable' },
    who: 'Only a Customer admin or a User manager may change channels',
    offWarning: (t) =>
      `Customers can no longer reach you by ${t}; conversations in progress on it are not affected.`,
  },
];

export function CustomerSettingsScreen() {
  const [outcome, setOutcome] = useState<Outcome>(null);
  return (
    <section className="screen contact-centre">
      <h1>Contact Centre Settings</h1>
      <div className="lede">
        Tenant settings and channels of the contact centre. Every change is recorded in the audit
        log. <Why rule={['R1', 'E5']} />
      </div>
      <Notice outcome={outcome} />
      {KINDS.map((k) => (
        <SettingsCard key={k.type} kind={k} onOutcome={setOutcome} />
      ))}
    </section>
  );
}

function SettingsCard({ kind, onOutcome }: { kind: Kind; onOutcome(o: Outcome): void }) {
  const { api } = useSession();
  const run = useOp();
  const items = useLoad(`cc:${kind.type}`, () => api.resources(kind.type));
  const [confirm, setConfirm] = useState<Resource | null>(null);
  const rows = [...(items.data ?? [])].sort((a, b) => titleOf(a).localeCompare(titleOf(b)));

  const change = async (r: Resource, to: 'on' | 'off') => {
    setConfirm(null);
    onOutcome(null);
    try {
      await run('transition', {
        resource: { type: kind.type, id: r.id },
        action: kind.actions[to],
      });
      items.reload();
      onOutcome({
        ok: true,
        text: `${titleOf(r)} is ${to === 'on' ? kind.on.toLowerCase() : kind.states.off} now.`,
      });
    } catch (error) {
      onOutcome({ ok: false, error });
    }
  };

  return (
    <section className="card" aria-labelledby={`cc-${kind.type}`}>
      <h2 id={`cc-${kind.type}`}>{kind.title}</h2>
      <p className="muted">{kind.intro}</p>
      {items.error !== undefined && <Notice outcome={{ ok: false, error: items.error }} />}
      <table className="cc-table">
        <thead>
          <tr>
            <th scope="col">{kind.type === 'channel' ? 'Channel' : 'Setting'}</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody aria-busy={items.loading}>
          {items.data === undefined &&
            items.error === undefined &&
            [0, 1, 2].map((i) => (
              <tr key={i} className="skeleton-row">
                <td colSpan={3}>
                  <span className="skeleton-bar" />
                </td>
              </tr>
            ))}
          {rows.map((r) => {
            const title = titleOf(r);
            const isOn = r.state === kind.states.on;
            const to = isOn ? 'off' : 'on';
            const label = kind.labels[to];
            const description = (r.fields as Record<string, unknown> | undefined)?.description;
            return (
              <tr key={r.id} data-item={r.id}>
                <th scope="row">
                  {title}
                  {typeof description === 'string' && (
                    <span className="muted um-sub">{description}</span>
                  )}
                </th>
                <td>
                  <span className={`state ${isOn ? 'state-active' : 'state-paused'}`}>
                    {isOn ? kind.on : kind.type === 'channel' ? 'Disabled' : 'Off'}
                  </span>
                </td>
                <td className="actions">
                  <ChangeGuard
                    I={kind.actions[to]}
                    on={{ type: kind.type, id: r.id, fields: { title } }}
                    tooltipClassName="tooltip"
                    reason={(check) =>
                      check.state === 'pending' ? check.reason : `${label}: ${kind.who}`
                    }
                  >
                    <button
                      type="button"
                      className={to === 'off' ? 'action-btn danger' : 'action-btn'}
                      aria-label={`${label} ${title}`}
                      onClick={() => (to === 'off' ? setConfirm(r) : void change(r, 'on'))}
                    >
                      {label}
                    </button>
                  </ChangeGuard>
                </td>
              </tr>
            );
          })}
          {items.data?.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                None you may see.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {confirm !== null && (
        <Dialog title={`${kind.labels.off} ${titleOf(confirm)}?`} onClose={() => setConfirm(null)}>
          <p>{kind.offWarning(titleOf(confirm))}</p>
          <div className="dialog-foot">
            <button type="button" className="ghost" onClick={() => setConfirm(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="action-btn danger"
              onClick={() => void change(confirm, 'off')}
            >
              {kind.labels.off}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
