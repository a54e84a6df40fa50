/**
 * "New dashboard" and "New folder" in the open folder (`createAsset`, MODEL A3, A10a): greyed
 * out with the reason before the click when the user may not create there (the Dashboard
 * Builder page, `edit` on the folder, at most three folder levels, A4, A5).
 */
import { useCheck } from '@grantkit/react';
import { useState } from 'react';
import type { Resource } from '../api';
import { PAGE } from '../schema';
import { SYSTEM_FOLDERS, titleOf } from '../util';
import { Dialog, DialogFoot } from './Dialog';
import { Greyed } from './Greyed';
import { Icon } from './Icon';
import type { Outcome } from './Notice';
import { useOp } from './session';
import { useViewAsRefusal } from './surveys/ChangeGuard';
import { Why } from './Why';

/** MODEL A4: Home > folder > sub-folder. */
export const MAX_FOLDER_DEPTH = 3;

export type NewKind = 'dashboard' | 'folder';

/** Why the user may not create `kind` in `folder` (depth: Home is 1), or null. */
export function createRefusal(
  kind: NewKind,
  folder: Resource | undefined,
  depth: number,
  builder: boolean,
  editFolder: boolean,
): string | null {
  const what = kind === 'dashboard' ? 'New dashboard' : 'New folder';
  const where = titleOf(folder, 'this folder');
  if (!builder) return `${what}: needs the Dashboard Builder page (MODEL A10a)`;
  if (!editFolder) return `${what}: needs edit on folder “${where}” (MODEL A10a)`;
  if (kind === 'folder' && depth >= MAX_FOLDER_DEPTH)
    return `${what}: folders nest at most ${MAX_FOLDER_DEPTH} levels deep, Home included (MODEL A4)`;
  return null;
}

export interface CreateButtonsProps {
  readonly folder: Resource | undefined;
  /** The open folder's level: Home is 1. */
  readonly depth: number;
  onCreated(asset: { id: string; title: string; kind: NewKind }): void;
}

export function CreateButtons({ folder, depth, onCreated }: CreateButtonsProps) {
  const builder = useCheck('navigate', { type: 'page', id: PAGE.builder });
  const system = SYSTEM_FOLDERS.some((f) => f.id === folder?.id);
  const edit = useCheck('edit', {
    type: 'folder',
    id: folder?.id ?? 'home',
    fields: { title: titleOf(folder, 'Home') },
  });
  const [kind, setKind] = useState<NewKind | null>(null);
  const pending = builder.state === 'pending' || edit.state === 'pending';
  const viewingAs = useViewAsRefusal(); // every change refused (MODEL A11)
  const why = (k: NewKind) =>
    viewingAs !== null
      ? `${k === 'dashboard' ? 'New dashboard' : 'New folder'}: ${viewingAs}`
      : pending
        ? 'Loading your permissions…'
        : createRefusal(k, folder, depth, builder.allowed, system || edit.allowed);
  return (
    <>
      {(['dashboard', 'folder'] as const).map((k) => (
        <Greyed key={k} reason={why(k)}>
          <button type="button" className="action-btn" onClick={() => setKind(k)}>
            <Icon name={k} /> <span>{k === 'dashboard' ? 'New dashboard' : 'New folder'}</span>
          </button>
        </Greyed>
      ))}
      {kind !== null && folder !== undefined && (
        <CreateAssetDialog
          kind={kind}
          folder={folder}
          onClose={() => setKind(null)}
          onCreated={(a) => {
            setKind(null);
            onCreated(a);
          }}
        />
      )}
    </>
  );
}

const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'untitled';

function CreateAssetDialog({
  kind,
  folder,
  onClose,
  onCreated,
}: {
  kind: NewKind;
  folder: Resource;
  onClose(): void;
  onCreated(asset: { id: string; title: string; kind: NewKind }): void;
}) {
  const run = useOp();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const create = async () => {
    const name = title.trim();
    if (name === '') return;
    setBusy(true);
    setOutcome(null);
    const id = `${slug(name)}-${Date.now().toString(36)}`;
    try {
      await run('createAsset', { type: kind, id, parent: folder.id, fields: { title: name } });
      onCreated({ id, title: name, kind });
    } catch (error) {
      setOutcome({ ok: false, error });
      setBusy(false);
    }
  };
  return (
    <Dialog title={kind === 'dashboard' ? 'New dashboard' : 'New folder'} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label className="field">
          Name
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={120}
            autoFocus
          />
        </label>
        <div className="muted">
          In <strong>{titleOf(folder)}</strong>. It starts private: you own it and only you (and
          admins) see it until you share it. <Why rule="A3" />
        </div>
        <DialogFoot
          outcome={outcome}
          submit="Create"
          disabled={busy || title.trim() === ''}
          onClose={onClose}
        />
      </form>
    </Dialog>
  );
}
