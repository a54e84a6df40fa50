/** Moves up to 50 assets into a folder in one request (MODEL A10: a refused move moves nothing). */
import { useState } from 'react';
import type { Resource } from '../api';
import { titleOf } from '../util';
import { Dialog } from './Dialog';
import { Notice, type Outcome } from './Notice';
import { useOp } from './session';

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
            </option>
          ))}
        </select>
      </label>
      <p className="muted">
        Moving needs <code>edit</code> on every item and on the target folder (MODEL A10).
      </p>
      <div className="dialog-foot">
        <Notice outcome={outcome} />
        <div className="buttons">
          <button type="button" className="primary" onClick={move} disabled={busy}>
            Move
          </button>
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}
