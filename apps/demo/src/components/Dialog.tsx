/** A modal dialog on the native `<dialog>` element (focus moves in, Escape closes). */
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { Notice, type Outcome } from './Notice';

export interface DialogProps {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly wide?: boolean;
}

export function Dialog({ title, onClose, children, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    dialog?.addEventListener('cancel', onCancel);
    return () => {
      dialog?.removeEventListener('cancel', onCancel);
      if (dialog?.open) dialog.close();
    };
  }, []);
  return (
    <dialog ref={ref} aria-labelledby={titleId} className={wide ? 'dialog wide' : 'dialog'}>
      <header className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="ghost" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}

export interface DialogFootProps {
  /** The last submit's outcome, shown beside the buttons. */
  readonly outcome: Outcome;
  /** The submit button's label ("Create", "Save draft"). */
  readonly submit: string;
  /** True while the form cannot be submitted (busy, or a required field is empty). */
  readonly disabled: boolean;
  readonly onClose: () => void;
}

/** A form dialog's foot: the outcome notice, then Submit and Cancel. */
export function DialogFoot({ outcome, submit, disabled, onClose }: DialogFootProps) {
  return (
    <div className="dialog-foot">
      <Notice outcome={outcome} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={disabled}>
          {submit}
        </button>
        <button type="button" className="ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
