/**
 * Moves up to 50 assets into a folder in one request (MODEL A10: a refused move moves
 * nothing). What the model would refuse (no admin on an item, no edit on the target) greys
 * out Move with the reason before the click (A12).
 */
import { useGrantkitClient } from '@grantkit/react';
import { useState } from 'react';
import type { Resource } from '../api';
import { PAGE } from '../schema';
import { SYSTEM_FOLDERS, titleOf } from '../util';
import { Dialog } from './Dialog';
import { Greyed } from './Greyed';
import { Notice, type Outcome } from './Notice';
import { useOp, useRevision } from './session';
import { Why } from './Why';

const ref = (r: Resource) => ({ type: r.type, id: r.id, fields: { title: titleOf(r) } });

export interface MoveDialogProps {
  readonly assets: readonly Resource[];
  readonly folders: readonly Resource[];
  onDone(text: string): void;
  onClose(): void;
}

export function MoveDialog({ assets, folders, onDone, onClose }: MoveDialogProps) {
  const run = useOp();
  const [to, setTo] = useState(folders[0]?.id ?? 'home');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const client = useGrantkitClient();
  useRevision(); // re-check when the grants change
  const lacking = assets.filter((a) => !client.can('admin', ref(a)));
  const target = folders.find((f) => f.id === to);
  const mayFill = (f: Resource) =>
    SYSTEM_FOLDERS.some((s) => s.id === f.id)
      ? client.can('navigate', { type: 'page', id: PAGE.builder })
      : client.can('edit', ref(f));
  const reason =
    lacking.length > 0
      ? `Move: needs admin on ${lacking
          .slice(0, 3)
          .map((a) => `“${titleOf(a)}”`)
          .join(', ')}${lacking.length > 3 ? ` and ${lacking.length - 3} more` : ''} (MODEL A10)`
      : target !== undefined && !mayFill(target)
        ? `Move: needs edit on folder “${titleOf(target)}” (MODEL A10)`
        : null;
  const move = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      await run('move', { assets: assets.map((a) => a.id), to });
      const target = folders.find((f) => f.id === to);
      onDone(
        `Moved ${assets.length} item${assets.length === 1 ? '' : 's'} to ${titleOf(target, to)}.`,
      );
    } catch (error) {
      setOutcome({ ok: false, error });
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Move ${assets.length} item${assets.length === 1 ? '' : 's'}`} onClose={onClose}>
      <p className="muted">
        {assets
          .slice(0, 5)
          .map((a) => titleOf(a))
          .join(', ')}
        {assets.length > 5 ? ` and ${assets.length - 5} more` : ''}
      </p>
      <label className="field">
        To folder
        <select value={to} onChange={(e) => setTo(e.target.value)}>
          {folders.map((f) => (
            <option key={f.id} value={f.id}>
              {titleOf(f)}
              {mayFill(f) ? '' : ' (you may not add to it)'}
            </option>
          ))}
        </select>
      </label>
      <div className="muted">
        Moving needs admin access to every item and edit access to the target folder.{' '}
        <Why rule="A10" />
      </div>
      <div className="dialog-foot">
        <Notice outcome={outcome} />
        <div className="buttons">
          <Greyed reason={reason}>
            <button type="button" className="primary" onClick={move} disabled={busy}>
              Move
            </button>
          </Greyed>
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}
