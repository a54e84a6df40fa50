/**
 * Sharing Settings > User Groups (MODEL D9): every group with its members, how they join and
 * what uses it; create, edit (rule and members by hand) and delete, each greyed with the
 * reason when the model will refuse it (system-managed, named by a bundle, share or rule).
 */
import { useMemo, useState } from 'react';
import type { Resource, WorldBundle, WorldGroup, WorldRecordType } from '../api';
import { bundleTitle } from '../bundleNames';
import { describeCriteria } from '../components/criteria';
import { Dialog } from '../components/Dialog';
import { Notice, type Outcome } from '../components/Notice';
import { useLoad, useOp, useSession } from '../components/session';
import { GroupForm } from '../components/sharing/GroupForm';
import { ReasonButton } from '../components/sharing/ReasonButton';
import {
  groupMembers,
  namesList,
  typeTitle,
  useChangeBlock,
} from '../components/sharing/vocabulary';
import { titleOf } from '../util';

type Named = (c: unknown) => boolean;
const namesGroup =
  (id: string): Named =>
  (c) => {
    const x = c as Record<string, unknown> | undefined;
    if (!x || typeof x !== 'object') return false;
    if (Array.isArray(x.userGroup)) return x.userGroup.includes(id);
    for (const k of ['all', 'any'] as const)
      if (Array.isArray(x[k])) return (x[k] as unknown[]).some(namesGroup(id));
    if (x.not) return namesGroup(id)(x.not);
    if (x.where) return Object.values(x.where as object).some(namesGroup(id));
    return false;
  };

/** What uses a group, short: `the Managers bundle; 3 folders and 6 dashboards shared with it; …`. */
export function usesSummary(
  id: string,
  bundles: readonly WorldBundle[],
  assets: readonly Resource[],
  recordTypes: readonly WorldRecordType[],
): string {
  const named = namesGroup(id);
  const parts = bundles
    .filter((b) => b.groups?.includes(id) || named(b.rule))
    .map((b) => `the ${bundleTitle(b.id)} bundle`);
  const shared = new Map<string, number>();
  for (const a of assets)
    if (a.shares?.some((s) => s.group === id)) shared.set(a.type, (shared.get(a.type) ?? 0) + 1);
  if (shared.size > 0)
    parts.push(
      `${[...shared].map(([type, n]) => `${n} ${type}${n === 1 ? '' : 's'}`).join(' and ')} shared with it`,
    );
  for (const rt of recordTypes) {
    const n = (rt.rules ?? []).filter((r) => named(r.criteria)).length;
    if (n > 0)
      parts.push(`${n === 1 ? 'a sharing rule' : `${n} sharing rules`} of ${typeTitle(rt.type)}`);
  }
  return parts.join('; ');
}

/** What names a group so that it cannot be deleted (MODEL D9), in words; `[]`: nothing. */
export function usesOf(
  id: string,
  bundles: readonly WorldBundle[],
  assets: readonly Resource[],
  recordTypes: readonly WorldRecordType[],
): string[] {
  const named = namesGroup(id);
  const out: string[] = [];
  for (const b of bundles)
    if (b.groups?.includes(id) || named(b.rule)) out.push(`the ${bundleTitle(b.id)} bundle`);
  for (const a of assets)
    if (a.shares?.some((s) => s.group === id))
      out.push(`the ${a.type} “${titleOf(a)}” (shared with it)`);
  for (const rt of recordTypes)
    for (const r of rt.rules ?? [])
      if (named(r.criteria)) out.push(`a sharing rule of ${typeTitle(rt.type)} (${r.id})`);
  return out;
}

export function GroupsTab() {
  const { api } = useSession();
  const run = useOp();
  const block = useChangeBlock();
  const groups = useLoad('groups', () => api.groups());
  const users = useLoad('users', () => api.users());
  const bundles = useLoad('bundles', () => api.bundles());
  const assets = useLoad('resources:asset', () => api.resources('asset'));
  const recordTypes = useLoad('recordTypes', () => api.recordTypes());
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [editing, setEditing] = useState<WorldGroup | 'new' | null>(null);
  const [deleting, setDeleting] = useState<WorldGroup | null>(null);
  const [deleteOutcome, setDeleteOutcome] = useState<Outcome>(null);
  const members = useMemo(() => groupMembers(users.data, groups.data), [users.data, groups.data]);
  const list = groups.data ?? [];
  const uses = (id: string) =>
    usesOf(id, bundles.data ?? [], assets.data ?? [], recordTypes.data ?? []);

  const remove = async (g: WorldGroup) => {
    setDeleteOutcome(null);
    try {
      await run('deleteGroup', { id: g.id });
      setOutcome({ ok: true, text: `Group ${g.id} deleted.` });
      setDeleting(null);
    } catch (error) {
      setDeleteOutcome({ ok: false, error });
    }
  };
  const loading = groups.data === undefined && groups.error === undefined;
  const usesLoading =
    bundles.data === undefined || assets.data === undefined || recordTypes.data === undefined;

  return (
    <>
      <p className="lede">
        Groups collect people by hand or by a rule about their attributes; bundles, shares and
        sharing rules give access to a group. Membership follows changes to people at once.
      </p>
      <div className="toolbar">
        <ReasonButton
          className="primary"
          label="New group"
          reason={block}
          onClick={() => setEditing('new')}
        />
      </div>
      <Notice outcome={outcome} />
      {groups.error !== undefined && <Notice outcome={{ ok: false, error: groups.error }} />}
      <table className="groups">
        <caption className="sr-only">User groups</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Members</th>
            <th scope="col">How people join</th>
            <th scope="col">Used by</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody aria-busy={loading}>
          {loading &&
            [0, 1, 2].map((i) => (
              <tr key={i} className="skeleton">
                <td colSpan={5}>
                  <div className="skeleton-line wide" />
                </td>
              </tr>
            ))}
          {list.map((g) => {
            const ids = members?.get(g.id) ?? [];
            const used = uses(g.id);
            const editReason =
              block ?? (g.systemManaged ? 'the system manages this group' : undefined);
            const deleteReason =
              editReason ??
              (usesLoading ? 'checking what uses this group…' : undefined) ??
              (used.length > 0 ? `${used[0]} uses it; remove it there first` : undefined);
            return (
              <tr key={g.id} data-group={g.id}>
                <th scope="row">{g.id}</th>
                <td>
                  <span className="count" data-testid={`members-${g.id}`}>
                    {members ? ids.length : '…'}
                  </span>{' '}
                  <span className="muted">{members ? namesList(ids, 3) : ''}</span>
                </td>
                <td>
                  {[
                    g.rule ? `by rule: ${describeCriteria(g.rule)}` : '',
                    (g.members?.length ?? 0) > 0 ? `${g.members?.length} by hand` : '',
                  ]
                    .filter(Boolean)
                    .join('; ') || <span className="muted">no one yet</span>}
                </td>
                <td>
                  {used.length > 0 ? (
                    usesSummary(g.id, bundles.data ?? [], assets.data ?? [], recordTypes.data ?? [])
                  ) : (
                    <span className="muted">nothing</span>
                  )}
                </td>
                <td className="actions nowrap">
                  <ReasonButton
                    className="icon-btn"
                    icon="edit"
                    label={`Edit group ${g.id}`}
                    reason={editReason}
                    onClick={() => setEditing(g)}
                  />
                  <ReasonButton
                    className="icon-btn"
                    icon="delete"
                    label={`Delete group ${g.id}`}
                    reason={deleteReason}
                    onClick={() => {
                      setDeleteOutcome(null);
                      setDeleting(g);
                    }}
                  />
                </td>
              </tr>
            );
          })}
          {!loading && list.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No user groups yet. Create one to give access to several people at once.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {editing !== null && users.data && (
        <GroupForm
          {...(editing === 'new' ? {} : { group: editing })}
          users={users.data}
          groups={list}
          onDone={(text) => {
            setOutcome({ ok: true, text });
            setEditing(null);
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting && (
        <Dialog title={`Delete group ${deleting.id}?`} onClose={() => setDeleting(null)}>
          <p>
            The group and how people join it ({deleting.rule ? `a rule and ` : ''}
            {deleting.members?.length ?? 0} added by hand) are deleted. Its{' '}
            {members?.get(deleting.id)?.length ?? 0} members (
            {namesList(members?.get(deleting.id) ?? [], 4)}) stay in the tenant; no bundle, share or
            sharing rule names the group, so no one loses access through it.
          </p>
          {list.some((g) => g.id !== deleting.id && namesGroup(deleting.id)(g.rule)) && (
            <p data-testid="delete-group-rules">
              The rule of{' '}
              {list
                .filter((g) => g.id !== deleting.id && namesGroup(deleting.id)(g.rule))
                .map((g) => g.id)
                .join(', ')}{' '}
              names this group: its members stop matching that part of the rule.
            </p>
          )}
          <Notice outcome={deleteOutcome} />
          <div className="dialog-foot">
            <button type="button" className="primary danger" onClick={() => remove(deleting)}>
              Delete group
            </button>
            <button type="button" className="ghost" onClick={() => setDeleting(null)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
