/**
 * Dashboards: the folder tree and a listing of what the user may view (MODEL A6), every
 * action shown and greyed out with the reason when not allowed (MODEL A12), moving up to
 * 50 at once (MODEL A10), and the Manage Permissions dialog (MODEL A1, A7–A9).
 */
import { usePermittedList } from '@grantkit/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Resource } from '../api';
import { AssetDialog, DeleteDialog, ShareLinkDialog } from '../components/AssetDialogs';
import { AssetRow } from '../components/AssetRow';
import { CreateButtons } from '../components/CreateAsset';
import { FolderTree } from '../components/FolderTree';
import { Greyed } from '../components/Greyed';
import { ManagePermissions } from '../components/ManagePermissions';
import { MoveDialog } from '../components/MoveDialog';
import { Notice, type Outcome } from '../components/Notice';
import { useLoad, useRevision, useSession } from '../components/session';
import { useViewAsRefusal } from '../components/surveys/ChangeGuard';
import { Why } from '../components/Why';
import { navigate, useQueryParam } from '../router';
import { HOME, SYSTEM_FOLDERS, titleOf } from '../util';

/** MODEL A10: at most 50 assets move in one request. */
export const MAX_MOVE = 50;

export type AssetDialogKind = 'view' | 'edit' | 'share' | 'move' | 'delete' | 'permissions';

const asRef = (r: Resource) => ({ type: r.type, id: r.id });

export function DashboardsScreen() {
  const { api } = useSession();
  const assets = useLoad('assets', () => api.resources('asset'));
  const visible = useAssetListing(assets.data);
  const [folder, setFolder] = useState(HOME);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<{ kind: AssetDialogKind; ids: string[] } | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const openId = useQueryParam('open');
  const moveReason = useMoveReason(assets.data);

  const byId = useMemo(() => new Map(visible.map((r) => [r.id, r])), [visible]);
  const inFolder = visible.filter((r) => (r.parent ?? HOME) === folder && r.id !== HOME);
  const folders = visible.filter((r) => r.type === 'folder');
  const current = byId.get(folder);
  const path = ancestry(folder, byId).reverse();

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else if (next.size < MAX_MOVE) next.add(id);
      return next;
    });
  const selectAll = (on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const r of inFolder) {
        if (!on) next.delete(r.id);
        else if (next.size < MAX_MOVE && !SYSTEM_FOLDERS.some((f) => f.id === r.id)) next.add(r.id);
      }
      return next;
    });
  const open = (kind: AssetDialogKind, ids: string[]) => {
    setOutcome(null);
    setDialog({ kind, ids });
  };
  // A share link (`#/dashboards?open=<id>`) opens that dashboard's view once it is listed.
  const linked = openId === null ? undefined : byId.get(openId);
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (openId === null || assets.data === undefined || handled.current === openId) return;
    handled.current = openId;
    if (linked === undefined) {
      setOutcome({
        ok: false,
        error: new Error(
          'The link opens a dashboard you may not view, or one that no longer exists.',
        ),
      });
      return;
    }
    setFolder(linked.type === 'folder' ? linked.id : (linked.parent ?? HOME));
    if (linked.type !== 'folder') setDialog({ kind: 'view', ids: [linked.id] });
  }, [openId, linked, assets.data]);
  const closeDialog = () => {
    setDialog(null);
    if (openId !== null) {
      handled.current = null;
      navigate('/dashboards');
    }
  };
  const target = dialog ? byId.get(dialog.ids[0] ?? '') : undefined;
  const selectable = inFolder.filter((r) => !SYSTEM_FOLDERS.some((f) => f.id === r.id));
  const allInFolderSelected = selectable.length > 0 && selectable.every((r) => selected.has(r.id));

  return (
    <section className="screen dashboards">
      <h1>Dashboards</h1>
      <div className="lede">
        You see the dashboards you may view and the folders on their way. Actions you lack are
        greyed out: hover or focus them for the reason. <Why rule="A6" />
      </div>
      <Notice outcome={outcome} />
      <div className="split">
        <FolderTree folders={folders} current={folder} onSelect={setFolder} />
        <div className="listing">
          <nav aria-label="Folder path" className="crumbs">
            {path.map((f, i) => (
              <span key={f.id}>
                {i > 0 && ' › '}
                <button type="button" className="link" onClick={() => setFolder(f.id)}>
                  {titleOf(f)}
                </button>
              </span>
            ))}
          </nav>
          <div className="toolbar" role="toolbar" aria-label="Selection">
            <span aria-live="polite" data-testid="selection-count">
              {selected.size} selected (at most {MAX_MOVE})
            </span>
            <Greyed reason={moveReason}>
              <button
                type="button"
                className="action-btn"
                disabled={selected.size === 0}
                onClick={() => open('move', [...selected])}
              >
                Move selected…
              </button>
            </Greyed>
            <button
              type="button"
              className="ghost"
              disabled={selected.size === 0}
              onClick={() => setSelected(new Set())}
            >
              Clear selection
            </button>
            <span className="create-buttons">
              <CreateButtons
                folder={current}
                depth={path.length}
                onCreated={(a) => {
                  setOutcome({
                    ok: true,
                    text: `${a.kind === 'dashboard' ? 'Dashboard' : 'Folder'} “${a.title}” created in ${titleOf(current, 'Home')}.`,
                  });
                  if (a.kind === 'folder') setFolder(a.id);
                }}
              />
            </span>
          </div>
          {assets.error !== undefined && <Notice outcome={{ ok: false, error: assets.error }} />}
          <table className="assets" aria-label={`Contents of ${titleOf(current, 'Home')}`}>
            <thead>
              <tr>
                <th scope="col">
                  <Greyed reason={moveReason}>
                    <input
                      type="checkbox"
                      aria-label="Select all in this folder"
                      checked={allInFolderSelected}
                      onChange={(e) => selectAll(e.target.checked)}
                    />
                  </Greyed>
                </th>
                <th scope="col">Name</th>
                <th scope="col">Owner</th>
                <th scope="col">Sharing</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {inFolder.map((r) => (
                <AssetRow
                  key={r.id}
                  asset={r}
                  selected={selected.has(r.id)}
                  full={selected.size >= MAX_MOVE}
                  selectRefusal={moveReason}
                  onToggle={() => toggle(r.id)}
                  onOpenFolder={() => setFolder(r.id)}
                  onAction={(kind) => open(kind, [r.id])}
                />
              ))}
              {inFolder.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    {assets.loading ? 'Loading…' : 'Nothing here that you may view.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </div>
      {dialog !== null && target !== undefined && (
        <>
          {(dialog.kind === 'view' || dialog.kind === 'edit') && (
            <AssetDialog
              asset={target}
              path={ancestry(target.parent ?? HOME, byId).reverse()}
              editing={dialog.kind === 'edit'}
              onAction={(kind) => open(kind, [target.id])}
              onClose={closeDialog}
            />
          )}
          {dialog.kind === 'share' && <ShareLinkDialog asset={target} onClose={closeDialog} />}
          {dialog.kind === 'delete' && <DeleteDialog asset={target} onClose={closeDialog} />}
          {dialog.kind === 'permissions' && (
            <ManagePermissions asset={target} byId={byId} onClose={closeDialog} />
          )}
          {dialog.kind === 'move' && (
            <MoveDialog
              assets={dialog.ids.map((id) => byId.get(id)).filter((r) => r !== undefined)}
              folders={folders}
              onDone={(text) => {
                setSelected(new Set());
                setDialog(null);
                setOutcome({ ok: true, text });
              }}
              onClose={closeDialog}
            />
          )}
        </>
      )}
    </section>
  );
}

/**
 * Why selecting and "Move selected…" are greyed out, or null: moving needs `admin` on every
 * moved asset (MODEL A10), so a user who administers none of the listing (a viewer) may move
 * nothing. Pending permissions grey them out too (never a denial while loading).
 */
function useMoveReason(assets: Resource[] | undefined): string | null {
  const mine = usePermittedList(assets ?? EMPTY, 'admin', asRef);
  const revision = useRevision();
  const viewingAs = useViewAsRefusal(); // every change refused (MODEL A11)
  if (viewingAs !== null) return `Move: ${viewingAs}`;
  if (assets === undefined || revision === null) return 'Loading your permissions…';
  return mine.length === 0
    ? 'Move: needs admin on the dashboards and folders you move (MODEL A10); you administer none of these'
    : null;
}

/** A folder and its ancestors, nearest first (Home last). */
export function ancestry(id: string, byId: ReadonlyMap<string, Resource>): Resource[] {
  const out: Resource[] = [];
  for (let r = byId.get(id); r !== undefined && out.length < 5; r = byId.get(r.parent ?? '')) {
    out.push(r);
    if (r.id === HOME) break;
  }
  return out;
}

/**
 * The listing of MODEL A6 as this browser's grants see it: the assets the user may view plus
 * their ancestor folders, and the system folders (A5). The server lists the same for the
 * signed-in user; filtering here too makes "view as" show the viewed user's listing, and a
 * pushed revocation disappear before the list reloads.
 */
function useAssetListing(assets: Resource[] | undefined): Resource[] {
  const all = assets ?? EMPTY;
  const viewable = usePermittedList(all, 'view', asRef);
  return useMemo(() => {
    const byId = new Map([...SYSTEM_FOLDERS, ...all].map((r) => [r.id, r]));
    const keep = new Map(SYSTEM_FOLDERS.map((r) => [r.id, r]));
    for (const r of viewable)
      for (const a of ancestry(r.id, byId)) if (!keep.has(a.id)) keep.set(a.id, a);
    return [...keep.values()].sort(
      (a, b) =>
        Number(b.type === 'folder') - Number(a.type === 'folder') ||
        titleOf(a).localeCompare(titleOf(b), 'en', { numeric: true }),
    );
  }, [all, viewable]);
}
const EMPTY: Resource[] = [];
