/**
 * Sharing Settings (MODEL D1–D8): per record type, "everyone gets read/write" or rules that
 * give read and/or write to users meeting criteria, for records meeting advice; and the
 * records as the signed-in user may read and write them.
 */
import { useState } from 'react';
import type { WorldRecordType } from '../api';
import { describeCriteria } from '../components/criteria';
import { Notice, type Outcome } from '../components/Notice';
import { RuleForm } from '../components/RuleForm';
import { useLoad, useOp, useSession } from '../components/session';
import { recordTypeNames } from '../schema';
import { RecordSection } from './Records';

export function SharingScreen() {
  const { api } = useSession();
  const settings = useLoad('recordTypes', () => api.recordTypes());
  const groups = useLoad('groups', () => api.groups());
  const [outcome, setOutcome] = useState<Outcome>(null);
  return (
    <section className="screen">
      <h1>Sharing Settings</h1>
      <p className="lede">
        A record type starts as “everyone gets read/write” (MODEL D1). Turn it off and only the
        rules below give access (D2, D3); a record is open when it or a parent record is (D4), and
        managers get their reports’ access (D5).
      </p>
      <Notice outcome={outcome} />
      {settings.error !== undefined && <Notice outcome={{ ok: false, error: settings.error }} />}
      {recordTypeNames.map((type) => (
        <RecordTypeCard
          key={type}
          type={type}
          settings={settings.data?.find((s) => s.type === type)}
          groups={(groups.data ?? []).map((g) => g.id)}
          onOutcome={setOutcome}
        />
      ))}
    </section>
  );
}

function RecordTypeCard({
  type,
  settings,
  groups,
  onOutcome,
}: {
  type: string;
  settings: WorldRecordType | undefined;
  groups: readonly string[];
  onOutcome(o: Outcome): void;
}) {
  const run = useOp();
  const [adding, setAdding] = useState(false);
  const everyone = settings?.everyone ?? true;
  const rules = settings?.rules ?? [];
  const setEveryone = async (on: boolean) => {
    onOutcome(null);
    try {
      await run('setEveryone', { recordType: type, on });
      onOutcome({
        ok: true,
        text: on
          ? `Everyone gets read/write on ${type}; its rules were deleted (MODEL D2).`
          : `Only rules give access to ${type} now.`,
      });
    } catch (error) {
      onOutcome({ ok: false, error });
    }
  };
  return (
    <section className="card" aria-labelledby={`rt-${type}`} data-record-type={type}>
      <h2 id={`rt-${type}`}>{type}</h2>
      <label className="check switch">
        <input
          type="checkbox"
          role="switch"
          aria-checked={everyone}
          checked={everyone}
          onChange={(e) => setEveryone(e.target.checked)}
        />{' '}
        Everyone gets read/write
      </label>
      {everyone && rules.length === 0 && (
        <p className="muted">Turning this on deletes every rule of {type} (MODEL D2).</p>
      )}
      <table className="rules">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Gives</th>
            <th scope="col">To users who (criteria)</th>
            <th scope="col">On records where (advice)</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id} data-rule={r.id}>
              <th scope="row">{r.id}</th>
              <td>{r.actions.join(' and ')}</td>
              <td>{describeCriteria(r.criteria)}</td>
              <td>
                {r.advice?.map((a) => `${a.field} ${a.op} ${a.values.join(', ')}`).join('; ') ||
                  'every record'}
              </td>
            </tr>
          ))}
          {rules.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No rules.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {adding ? (
        <RuleForm
          recordType={type}
          groups={groups}
          onDone={(o) => {
            onOutcome(o);
            if (o?.ok) setAdding(false);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" className="action-btn" onClick={() => setAdding(true)}>
          Add rule to {type}
        </button>
      )}
      <details>
        <summary>Records of {type} and what you may do on them</summary>
        <RecordSection type={type} title={`${type} records`} actions={['read', 'write']} />
      </details>
    </section>
  );
}
