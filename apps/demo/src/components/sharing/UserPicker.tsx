/** Picks people by hand: search by name or email, add from the results, remove from the list. */
import { useId, useState } from 'react';
import type { WorldUser } from '../../api';
import { emailOf, personName } from './vocabulary';

export interface UserPickerProps {
  readonly users: readonly WorldUser[];
  readonly chosen: readonly string[];
  onChange(next: string[]): void;
  readonly legend: string;
}

export function UserPicker({ users, chosen, onChange, legend }: UserPickerProps) {
  const [query, setQuery] = useState('');
  const id = useId();
  const q = query.trim().toLowerCase();
  const byId = new Map(users.map((u) => [u.id, u]));
  const results =
    q === ''
      ? []
      : users
          .filter((u) => u.active !== false && !chosen.includes(u.id))
          .filter(
            (u) => personName(u).toLowerCase().includes(q) || emailOf(u).toLowerCase().includes(q),
          )
          .slice(0, 8);
  return (
    <fieldset className="user-picker">
      <legend>{legend}</legend>
      <label className="field">
        Find people by name or email
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-controls={`${id}-results`}
          placeholder="e.g. Eve or eve@"
        />
      </label>
      <ul id={`${id}-results`} className="picker-results" aria-live="polite">
        {q !== '' && results.length === 0 && <li className="muted">No one else matches.</li>}
        {results.map((u) => (
          <li key={u.id}>
            <span>
              {personName(u)} <span className="muted">{emailOf(u)}</span>
            </span>
            <button
              type="button"
              className="action-btn"
              aria-label={`Add ${personName(u)}`}
              onClick={() => {
                onChange([...chosen, u.id]);
                setQuery('');
              }}
            >
              Add
            </button>
          </li>
        ))}
      </ul>
      {chosen.length === 0 ? (
        <p className="muted">No one added by hand.</p>
      ) : (
        <ul className="chosen" aria-label="Added by hand">
          {chosen.map((uid) => {
            const u = byId.get(uid);
            const name = u ? personName(u) : personName(uid);
            return (
              <li key={uid} data-member={uid}>
                <span>
                  {name} {u && <span className="muted">{emailOf(u)}</span>}
                </span>
                <button
                  type="button"
                  className="ghost"
                  aria-label={`Remove ${name}`}
                  onClick={() => onChange(chosen.filter((x) => x !== uid))}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
