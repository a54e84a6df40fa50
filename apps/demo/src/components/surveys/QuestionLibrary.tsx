/**
 * The survey question library (MODEL N13): open to module-level `design` only (the schema's
 * `impliesAtTypeLevel` gives `useLibrary`); access to one survey never opens it. The questions
 * themselves are the host product's data: the demo keeps edits in this browser.
 */
import { useId, useState } from 'react';
import { Dialog } from '../Dialog';
import { ChangeGuard } from './ChangeGuard';

interface Question {
  readonly id: string;
  readonly text: string;
  readonly kind: string;
}

const SEED: Question[] = [
  { id: 'q1', text: 'How likely are you to recommend us to a colleague?', kind: 'Score 0–10' },
  { id: 'q2', text: 'How easy was it to get your issue resolved?', kind: 'Score 1–7' },
  { id: 'q3', text: 'What is the one thing we should improve?', kind: 'Free text' },
  { id: 'q4', text: 'How satisfied are you with onboarding?', kind: 'Score 1–5' },
];

const LIBRARY = { type: 'survey' } as const;
const reason = (label: string) => () =>
  `${label}: the question library opens with Design on all surveys (module level); access to one survey does not open it`;

export function QuestionLibrary() {
  const [questions, setQuestions] = useState(SEED);
  const [editing, setEditing] = useState<Question | 'new' | null>(null);
  return (
    <section className="card" aria-labelledby="library-title">
      <div className="card-head">
        <h2 id="library-title">Question library</h2>
        <ChangeGuard
          I="useLibrary"
          on={LIBRARY}
          tooltipClassName="tooltip"
          reason={reason('Add question')}
        >
          <button type="button" className="action-btn" onClick={() => setEditing('new')}>
            Add question
          </button>
        </ChangeGuard>
      </div>
      <p className="muted">Reusable questions for every survey.</p>
      <table className="questions">
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">Answer</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {questions.map((q) => (
            <tr key={q.id} data-question={q.id}>
              <th scope="row">{q.text}</th>
              <td>{q.kind}</td>
              <td className="actions">
                <ChangeGuard
                  I="useLibrary"
                  on={LIBRARY}
                  tooltipClassName="tooltip"
                  reason={reason('Edit question')}
                >
                  <button
                    type="button"
                    className="action-btn"
                    aria-label={`Edit question: ${q.text}`}
                    onClick={() => setEditing(q)}
                  >
                    Edit
                  </button>
                </ChangeGuard>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing !== null && (
        <QuestionDialog
          question={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSave={(q) => {
            setQuestions((qs) =>
              qs.some((x) => x.id === q.id) ? qs.map((x) => (x.id === q.id ? q : x)) : [...qs, q],
            );
            setEditing(null);
          }}
        />
      )}
    </section>
  );
}

function QuestionDialog({
  question,
  onClose,
  onSave,
}: {
  question: Question | null;
  onClose(): void;
  onSave(q: Question): void;
}) {
  const [text, setText] = useState(question?.text ?? '');
  const [kind, setKind] = useState(question?.kind ?? 'Free text');
  const textId = useId();
  const kindId = useId();
  return (
    <Dialog title={question ? 'Edit question' : 'Add question'} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim() === '') return;
          onSave({ id: question?.id ?? `q${Date.now()}`, text: text.trim(), kind });
        }}
      >
        <label className="field" htmlFor={textId}>
          <span>Question</span>
          <input id={textId} value={text} required onChange={(e) => setText(e.target.value)} />
        </label>
        <label className="field" htmlFor={kindId}>
          <span>Answer</span>
          <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value)}>
            {['Free text', 'Score 0–10', 'Score 1–5', 'Score 1–7'].map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <div className="dialog-foot">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={text.trim() === ''}>
            Save question
          </button>
        </div>
      </form>
    </Dialog>
  );
}
