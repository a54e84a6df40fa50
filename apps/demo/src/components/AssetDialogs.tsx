/**
 * The opened asset (its actions greyed out inside too, MODEL A12, with each answer explained,
 * K6), the share-a-link dialog (A1: `share` sends the asset, it does not change access) and
 * the delete confirmation.
 */
import { useGrantkitClient } from '@grantkit/react';
import { useState } from 'react';
import type { Resource } from '../api';
import { userName } from '../names';
import type { AssetDialogKind } from '../screens/Dashboards';
import { titleOf } from '../util';
import { ActionButton } from './ActionButton';
import { ASSET_ACTIONS, SHARING_LABEL } from './AssetRow';
import { Dialog } from './Dialog';
import { Notice, type Outcome } from './Notice';
import { useOp, useRevision } from './session';
import { useViewAsRefusal } from './surveys/ChangeGuard';
import { Why } from './Why';

export interface AssetDialogProps {
  readonly asset: Resource;
  readonly path: readonly Resource[];
  readonly editing: boolean;
  onAction(kind: AssetDialogKind): void;
  onClose(): void;
}

export function AssetDialog({ asset, path, editing, onAction, onClose }: AssetDialogProps) {
  const client = useGrantkitClient();
  useRevision(); // re-render when the grants change
  const viewingAs = useViewAsRefusal(); // every change refused (MODEL A11)
  const title = titleOf(asset);
  const on = { type: asset.type, id: asset.id, fields: { title } };
  return (
    <Dialog title={`${editing ? 'Editing' : 'Viewing'} ${title}`} onClose={onClose} wide>
      <dl className="facts">
        <dt>Where</dt>
        <dd>{path.map((f) => titleOf(f)).join(' › ') || 'Home'}</dd>
        <dt>Owner</dt>
        <dd>{asset.owner ? userName(asset.owner) : '—'}</dd>
        <dt>Sharing</dt>
        <dd>{SHARING_LABEL[asset.sharing ?? 'private']}</dd>
      </dl>
      {editing && (
        <div className="muted">
          The demo has no dashboard content to edit; the server checks your edit access itself on
          every move and create. <Why rule="C5" />
        </div>
      )}
      <div className="toolbar" role="toolbar" aria-label={`Actions on ${title}`}>
        {ASSET_ACTIONS.filter((a) => a.kind !== 'view').map((a) => (
          <ActionButton
            key={a.kind}
            I={a.I}
            on={on}
            icon={a.icon}
            label={a.label}
            text
            refusal={viewingAs}
            onClick={() => onAction(a.kind)}
          />
        ))}
      </div>
      <h3>Why you may (or may not)</h3>
      <ul className="explain">
        {['view', 'share', 'edit', 'admin'].map((action) => {
          const why = client.explain(action, on);
          return (
            <li key={action} data-allowed={why.allowed}>
              <strong>{action}</strong>: {why.allowed ? 'yes' : 'no'} — {why.message}
            </li>
          );
        })}
      </ul>
    </Dialog>
  );
}

export function ShareLinkDialog({ asset, onClose }: { asset: Resource; onClose(): void }) {
  const [copied, setCopied] = useState(false);
  const link = `${location.origin}/#/dashboards?open=${encodeURIComponent(asset.id)}`;
  return (
    <Dialog title={`Share ${titleOf(asset)}`} onClose={onClose}>
      <div>
        Send this link to people who may view it. Sharing a link does not change who has access:
        that is <em>Manage permissions</em>. <Why rule={['A1', 'A7']} />
      </div>
      <label className="field">
        Link
        <input readOnly value={link} onFocus={(e) => e.target.select()} />
      </label>
      <button
        type="button"
        className="action-btn"
        onClick={() => {
          void navigator.clipboard?.writeText(link).then(
            () => setCopied(true),
            () => undefined,
          );
        }}
      >
        Copy link
      </button>
      <p aria-live="polite">{copied ? 'Copied.' : ''}</p>
    </Dialog>
  );
}

/** Deletes the asset after a confirmation; refusals (MODEL A5, A7) show the server's message. */
export function DeleteDialog({ asset, onClose }: { asset: Resource; onClose(): void }) {
  const run = useOp();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const remove = async () => {
    setOutcome(null);
    try {
      await run('deleteAsset', { asset: asset.id });
      onClose();
    } catch (error) {
      setOutcome({ ok: false, error });
    }
  };
  return (
    <Dialog title={`Delete ${titleOf(asset)}?`} onClose={onClose}>
      <p>
        Everyone loses access to it; the audit trail keeps who deleted it. A folder must be empty
        first.
      </p>
      <Notice outcome={outcome} />
      <button type="button" className="primary" onClick={remove}>
        Delete
      </button>{' '}
      <button type="button" className="action-btn" onClick={onClose}>
        Keep it
      </button>
    </Dialog>
  );
}
