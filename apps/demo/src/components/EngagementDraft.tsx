/**
 * The PX answer's flow for changing a live engagement (MODEL E2: editing happens on drafts
 * only): an editor makes a draft copy of an active or paused engagement (`draftCopy`), edits
 * it (`transition` edit with the new fields), and someone who may launch in that environment
 * launches it (E3: in production only Production Launchers and Admins), which publishes it
 * onto the original. Every step is greyed with its reason before the click (A12).
 */
import { useCheck } from '@grantkit/react';
import { useState } from 'react';
import type { Resource } from '../api';
import { titleOf } from '../util';
import { Dialog, DialogFoot } from './Dialog';
import { Greyed } from './Greyed';
import type { Outcome } from './Notice';
import { useOp } from './session';

/** The id of the engagement a draft copy replaces when launched, if it is one. */
export const draftOf = (e: Resource): string | undefined => {
  const of = (e.fields as { draftOf?: unknown } | undefined)?.draftOf;
  return typeof of === 'string' ? of : undefined;
};

const messageOf = (e: Resource): string => {
  const m = (e.fields as { message?: unknown } | undefined)?.message;
  return typeof m === 'string' ? m : '';
};

/** Under the title: what a draft copy replaces, and the engagement's message. */
export function DraftNote({ engagement: e }: { engagement: Resource }) {
  const of = draftOf(e);
  const message = messageOf(e);
  return (
    <>
      {of !== undefined && (
        <span className="badges">
          <span className="badge" data-testid={`draft-of-${e.id}`}>
            Draft copy: replaces the live one when launched
          </span>
        </span>
      )}
      {message !== '' && <span className="muted engagement-message">{message}</span>}
    </>
  );
}

export interface DraftCopyButtonProps {
  readonly engagement: Resource;
  onOutcome(outcome: Outcome): void;
  /** The new draft, to open its editor. */
  onCreated(draft: Resource): void;
}

/** "Edit a draft copy" of an active or paused engagement. */
export function DraftCopyButton({ engagement: e, onOutcome, onCreated }: DraftCopyButtonProps) {
  const run = useOp();
  const title = titleOf(e);
  const check = useCheck('edit', {
    type: 'engagement',
    ...(e.env ? { env: e.env } : {}),
    fields: { state: 'draft', title },
  });
  const reason =
    check.state === 'pending'
      ? 'Loading your permissions…'
      : check.allowed
        ? null
        : `Edit a draft copy: you may not edit drafts${e.env ? ` in ${e.env}` : ''} (MODEL E3)`;
  const copy = async () => {
    onOutcome(null);
    const id = `${e.id}-draft-${Date.now().toString(36)}`;
    try {
      await run('draftCopy', { resource: { type: 'engagement', id: e.id }, id });
      const { state: _state, ...fields } = (e.fields ?? {}) as Record<string, unknown>;
      onCreated({ ...e, id, state: 'draft', fields: { ...fields, draftOf: e.id } as never });
      onOutcome({
        ok: true,
        text: `Draft copy of ${title} created: edit it, then ask a launcher to launch it.`,
      });
    } catch (error) {
      onOutcome({ ok: false, error });
    }
  };
  return (
    <Greyed reason={reason}>
      <button
        type="button"
        className="action-btn"
        aria-label={`Edit a draft copy of ${title}`}
        onClick={copy}
      >
        <span>Edit a draft copy</span>
      </button>
    </Greyed>
  );
}

export interface DraftEditorProps {
  readonly engagement: Resource;
  onClose(): void;
  onOutcome(outcome: Outcome): void;
}

/** Edits a draft's title and message (`transition` edit with fields, MODEL E2). */
export function DraftEditor({ engagement: e, onClose, onOutcome }: DraftEditorProps) {
  const run = useOp();
  const [title, setTitle] = useState(titleOf(e));
  const [message, setMessage] = useState(messageOf(e));
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const save = async () => {
    setBusy(true);
    setOutcome(null);
    const { state: _s, draftOf: _d, ...rest } = (e.fields ?? {}) as Record<string, unknown>;
    const fields = {
      ...rest,
      title: title.trim(),
      ...(message.trim() ? { message: message.trim() } : {}),
    };
    if (!message.trim()) delete (fields as Record<string, unknown>).message;
    try {
      await run('transition', {
        resource: { type: 'engagement', id: e.id },
        action: 'edit',
        fields,
      });
      onOutcome({ ok: true, text: `Draft ${title.trim()} saved.` });
      onClose();
    } catch (error) {
      setOutcome({ ok: false, error });
      setBusy(false);
    }
  };
  const of = draftOf(e);
  return (
    <Dialog title={`Edit draft: ${titleOf(e)}`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {of !== undefined && (
          <p className="muted">
            This is a draft copy: the live engagement keeps running unchanged until someone who may
            launch in {e.env ?? 'this environment'} launches this draft (MODEL E2, E3).
          </p>
        )}
        <label className="field">
          Title
          <input
            value={title}
            onChange={(ev) => setTitle(ev.target.value)}
            required
            maxLength={120}
          />
        </label>
        <label className="field">
          Message shown to users
          <textarea
            value={message}
            onChange={(ev) => setMessage(ev.target.value)}
            rows={3}
            maxLength={500}
          />
        </label>
        <DialogFoot
          outcome={outcome}
          submit="Save draft"
          disabled={busy || title.trim() === ''}
          onClose={onClose}
        />
      </form>
    </Dialog>
  );
}
