/**
 * Add or edit a user (MODEL R3): name, email, department and title (user attributes), and the
 * ENGAGEcx roles. A role that the signed-in UserManager may not assign (one that does not
 * reach them) is greyed with the reason before the click; so is Save when the server would
 * refuse the change (judged on core's own model, `refusalOf`).
 */
import type { Op } from '@grantkit/core';
import { useId, useMemo, useState } from 'react';
import type { WorldUser } from '../../api';
import { Dialog } from '../Dialog';
import { Why } from '../Why';
import { assignedRoles, type PeopleWorld, type Refusal, refusalOf } from './dryRun';
import { ReasonButton } from './ReasonButton';
import { ROLES } from './roles';

export interface UserDialogProps {
  readonly world: PeopleWorld;
  /** The signed-in user (the actor of every op). */
  readonly actor: string;
  /** The user to edit; `null` adds one. */
  readonly user: WorldUser | null;
  onClose(): void;
  /** Runs the ops in order; resolves when all are applied. */
  onSave(ops: Op[], name: string): Promise<void>;
}

const FIELDS = [
  { key: 'name', label: 'Full name' },
  { key: 'email', label: 'Email' },
  { key: 'department', label: 'Department' },
  { key: 'title', label: 'Job title' },
] as const;

/** "Nia New" → "nianew": a user id people can read. */
export const idFromName = (name: string): string =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 24);

/** The sentence shown for a refused role (R3 names the rule; the details name it too). */
export function roleReason(refusal: Refusal | null, roleTitle: string): string | null {
  if (refusal === null) return null;
  if (refusal.rule === 'R3' && /does not reach/.test(refusal.message))
    return `you can assign only roles you hold yourself, and ${roleTitle} is not one of yours`;
  return refusal.message;
}

export function UserDialog({ world, actor, user, onClose, onSave }: UserDialogProps) {
  const formId = useId();
  const adding = user === null;
  const attrs = (user?.attributes ?? {}) as Record<string, unknown>;
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      FIELDS.map((f) => [f.key, typeof attrs[f.key] === 'string' ? (attrs[f.key] as string) : '']),
    ),
  );
  const [idTouched, setIdTouched] = useState(false);
  const [newId, setNewId] = useState('');
  const id = adding ? (idTouched ? newId : idFromName(values.name ?? '')) : user.id;
  const held = useMemo(
    () => (user === null ? new Set<string>() : assignedRoles(world, user.id)),
    [world, user],
  );
  const [roles, setRoles] = useState<Set<string>>(held);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const taken = adding && id !== '' && world.users.some((u) => u.id === id);
  const attributes = useMemo(() => {
    const out: Record<string, NonNullable<WorldUser['attributes']>[string]> = {
      ...(user?.attributes ?? {}),
    };
    for (const f of FIELDS) {
      const v = (values[f.key] ?? '').trim();
      if (v === '') delete out[f.key];
      else out[f.key] = v;
    }
    return out;
  }, [values, user]);
  const changedFields =
    adding || FIELDS.some((f) => (values[f.key] ?? '').trim() !== (attrs[f.key] ?? ''));
  const setUserOp: Op = { op: 'setUser', args: { id, attributes } };
  const roleOps = (set: ReadonlySet<string>): Op[] =>
    ROLES.flatMap((r): Op[] => {
      if (set.has(r.id) && !held.has(r.id))
        return [{ op: 'assignRole', args: { user: id, role: r.id } }];
      if (!set.has(r.id) && held.has(r.id))
        return [{ op: 'unassignRole', args: { user: id, role: r.id } }];
      return [];
    });
  const ops: Op[] = [...(changedFields ? [setUserOp] : []), ...roleOps(roles)];

  const key = JSON.stringify([id, attributes, [...roles]]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the form's values
  const judged = useMemo(() => {
    const probeId = id === '' ? 'newuser' : id;
    const base: Op[] = adding ? [{ op: 'setUser', args: { id: probeId, attributes } }] : [];
    const perRole = new Map(
      ROLES.map((r) => {
        const op: Op = held.has(r.id)
          ? { op: 'unassignRole', args: { user: probeId, role: r.id } }
          : { op: 'assignRole', args: { user: probeId, role: r.id } };
        return [r.id, roleReason(refusalOf(world, actor, [...base, op]), r.title)] as const;
      }),
    );
    const all = ops.length === 0 ? null : refusalOf(world, actor, ops);
    return { perRole, all };
  }, [key, world, actor, held, adding]);

  const name = (values.name ?? '').trim();
  const saveReason =
    name === ''
      ? 'a full name is needed'
      : id === ''
        ? 'a user id is needed'
        : taken
          ? `the user id “${id}” is taken`
          : ops.length === 0
            ? 'nothing has changed'
            : judged.all
              ? judged.all.message
              : null;

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await onSave(ops, name);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setSaving(false);
    }
  };

  return (
    <Dialog title={adding ? 'Add user' : `Edit ${name || user.id}`} onClose={onClose} wide>
      <form
        id={formId}
        className="user-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (saveReason === null && !saving) void save();
        }}
      >
        {FIELDS.map((f) => (
          <label key={f.key} className="field">
            <span>{f.label}</span>
            <input
              name={f.key}
              type={f.key === 'email' ? 'email' : 'text'}
              autoComplete="off"
              required={f.key === 'name'}
              value={values[f.key] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
            />
          </label>
        ))}
        {adding && (
          <label className="field">
            <span>User id</span>
            <input
              name="id"
              value={id}
              aria-invalid={taken}
              onChange={(e) => {
                setIdTouched(true);
                setNewId(e.target.value.trim());
              }}
            />
            {taken && <span className="refused">This user id is taken.</span>}
          </label>
        )}
        <fieldset className="role-picker">
          <legend>Roles</legend>
          <div className="role-note muted">
            You can assign only roles that you hold yourself. <Why rule="R3" />
          </div>
          {ROLES.map((r) => {
            const reason = judged.perRole.get(r.id) ?? null;
            const hintId = `${formId}-${r.id}`;
            return (
              <div key={r.id} className="role-option" data-role={r.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={roles.has(r.id)}
                    aria-disabled={reason ? 'true' : undefined}
                    data-disabled={reason ? '' : undefined}
                    aria-describedby={hintId}
                    onChange={() => {
                      if (reason) return;
                      setRoles((s) => {
                        const next = new Set(s);
                        if (next.has(r.id)) next.delete(r.id);
                        else next.add(r.id);
                        return next;
                      });
                    }}
                  />
                  <span className="role-title">{r.title}</span>
                </label>
                <span id={hintId} className={reason ? 'role-hint refused' : 'role-hint muted'}>
                  {reason
                    ? `${held.has(r.id) ? 'Cannot unassign' : 'Cannot assign'}: ${reason}`
                    : r.description}
                </span>
              </div>
            );
          })}
        </fieldset>
        {error && (
          <p className="notice refused" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-foot">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <ReasonButton
            label={saving ? 'Saving…' : adding ? 'Add user' : 'Save changes'}
            reason={saveReason}
            className="primary"
            onClick={() => void save()}
          />
        </div>
      </form>
    </Dialog>
  );
}
