/** Deleting a bundle asks first and says what is lost: who it reaches and their grants. */
import { useState } from 'react';
import type { WorldBundle } from '../api';
import { bundleTitle } from '../bundleNames';
import { Dialog } from './Dialog';
import { Notice, type Outcome } from './Notice';
import { useOp } from './session';

export interface BundleDeleteProps {
  readonly bundle: WorldBundle;
  /** How many users the bundle reaches now (by hand, groups and rule). */
  readonly members: number;
  onDeleted(text: string): void;
  onClose(): void;
}

export function BundleDelete({ bundle, members, onDeleted, onClose }: BundleDeleteProps) {
  const run = useOp();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const remove = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      await run('deleteBundle', { id: bundle.id });
      onDeleted(`Bundle “${bundleTitle(bundle.id)}” deleted.`);
    } catch (error) {
      setOutcome({ ok: false, error });
      setBusy(false);
    }
  };
  const people = `${members} member${members === 1 ? '' : 's'}`;
  return (
    <Dialog title={`Delete bundle “${bundleTitle(bundle.id)}”?`} onClose={onClose}>
      <p data-testid="delete-bundle-summary">
        <strong>{people}</strong> lose what this bundle gives them ({bundle.grants.length} grant
        {bundle.grants.length === 1 ? '' : 's'}), unless another bundle gives it too. Its
        administrators, groups and rule go with it. The audit trail keeps who deleted it.
      </p>
      <Notice outcome={outcome} />
      <div className="buttons">
        <button type="button" className="primary danger" onClick={remove} disabled={busy}>
          Delete bundle and its {people}
        </button>{' '}
        <button type="button" className="action-btn" onClick={onClose}>
          Keep it
        </button>
      </div>
    </Dialog>
  );
}
