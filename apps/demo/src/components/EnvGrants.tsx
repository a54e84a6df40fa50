/**
 * Environment-limited module grants in the bundle editor (MODEL E1, E4): per type with
 * environments, which actions the bundle gives in each one, so "launch in production but not
 * pause" or "pause in staging only" is a few checkboxes. One grant per type and environment.
 */
import type { WorldBundle } from '../api';
import { moduleTypes } from '../schema';
import { Why } from './Why';

type Grant = WorldBundle['grants'][number];
/** Actions by `type@env`. */
export type EnvSelection = Readonly<Record<string, readonly string[]>>;

const key = (type: string, env: string) => `${type}@${env}`;
const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const envTypes = moduleTypes.filter((t) => (t.environments?.length ?? 0) > 0);

/** The environment-limited grants the form edits (type level, no condition), and the rest. */
export function splitEnvGrants(grants: readonly Grant[]): {
  envSel: Record<string, string[]>;
  rest: Grant[];
} {
  const envSel: Record<string, string[]> = {};
  const rest: Grant[] = [];
  for (const g of grants) {
    const editable =
      g.env !== undefined &&
      g.env.length > 0 &&
      g.id === undefined &&
      g.when === undefined &&
      envTypes.some((t) => t.name === g.type);
    if (!editable) {
      rest.push(g);
      continue;
    }
    for (const env of g.env ?? []) {
      const k = key(g.type, env);
      envSel[k] = [...new Set([...(envSel[k] ?? []), ...g.actions])];
    }
  }
  return { envSel, rest };
}

/** The grants of a selection: `{ type, actions, env: [env] }` per type and environment. */
export function envGrants(sel: EnvSelection): Grant[] {
  return Object.entries(sel)
    .filter(([, actions]) => actions.length > 0)
    .map(([k, actions]) => {
      const [type, env] = k.split('@') as [string, string];
      return { type, actions: [...actions].sort(), env: [env] };
    });
}

export interface EnvGrantsProps {
  readonly value: EnvSelection;
  onChange(value: EnvSelection): void;
}

export function EnvGrants({ value, onChange }: EnvGrantsProps) {
  if (envTypes.length === 0) return null;
  const toggle = (k: string, action: string, on: boolean) => {
    const now = new Set(value[k] ?? []);
    if (on) now.add(action);
    else now.delete(action);
    onChange({ ...value, [k]: [...now] });
  };
  return (
    <fieldset className="grid-fieldset">
      <legend>In one environment only</legend>
      <div className="muted legend-note">
        For example, launch in production but not pause. <Why rule={['E1', 'E4']} />
      </div>
      {envTypes.map((t) => (
        <table className="grant-table" key={t.name}>
          <caption>{title(t.name)}s</caption>
          <thead>
            <tr>
              <th scope="col">Environment</th>
              {t.actions.map((a) => (
                <th scope="col" key={a}>
                  {title(a)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(t.environments ?? []).map((env) => (
              <tr key={env}>
                <th scope="row">{title(env)}</th>
                {t.actions.map((a) => (
                  <td key={a}>
                    <input
                      type="checkbox"
                      aria-label={`${title(a)} ${t.name}s in ${env}`}
                      data-grant={`${t.name}:${a}@${env}`}
                      checked={value[key(t.name, env)]?.includes(a) ?? false}
                      onChange={(e) => toggle(key(t.name, env), a, e.target.checked)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </fieldset>
  );
}
