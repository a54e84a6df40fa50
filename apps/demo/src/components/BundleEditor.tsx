/**
 * Creates or edits a bundle: its description, the page tree (navigate / edit; MODEL N1, N2),
 * module levels (K5) and environment-limited module grants (E1, E4: "launch in production but
 * not pause"). Grants the form does not edit (conditional, on single resources) are kept as
 * they are. A refusal shows the server's message (R3, N4–N6).
 */
import { useState } from 'react';
import type { WorldBundle } from '../api';
import { bundleTitle, grantSentence } from '../bundleNames';
import { actionTitle, moduleTypes, pageDepth, pages, typeTitle } from '../schema';
import { Dialog, DialogFoot } from './Dialog';
import { EnvGrants, type EnvSelection, envGrants, splitEnvGrants } from './EnvGrants';
import type { Outcome } from './Notice';
import { useOp } from './session';
import { Why } from './Why';

type Grant = WorldBundle['grants'][number];
type Selection = Record<string, readonly string[]>;

const isModuleLevel = (g: Grant) =>
  g.type !== 'page' && g.id === undefined && g.env === undefined && g.when === undefined;

function split(all: readonly Grant[]) {
  const pageSel: Record<string, string[]> = {};
  const moduleSel: Record<string, string[]> = {};
  const kept: Grant[] = [];
  const { envSel, rest: grants } = splitEnvGrants(all);
  for (const g of grants) {
    if (g.type === 'page' && g.id !== undefined && g.env === undefined && g.when === undefined)
      pageSel[g.id] = [...new Set([...(pageSel[g.id] ?? []), ...g.actions])];
    else if (isModuleLevel(g) && moduleTypes.some((t) => t.name === g.type))
      moduleSel[g.type] = [...new Set([...(moduleSel[g.type] ?? []), ...g.actions])];
    else kept.push(g);
  }
  return { pageSel, moduleSel, envSel, kept };
}

export interface BundleEditorProps {
  /** The bundle to edit, or `null` to create one. */
  readonly bundle: WorldBundle | null;
  onSaved(text: string): void;
  onClose(): void;
}

export function BundleEditor({ bundle, onSaved, onClose }: BundleEditorProps) {
  const run = useOp();
  const initial = split(bundle?.grants ?? []);
  const [id, setId] = useState(bundle?.id ?? '');
  const [pageSel, setPageSel] = useState<Selection>(initial.pageSel);
  const [moduleSel, setModuleSel] = useState<Selection>(initial.moduleSel);
  const [envSel, setEnvSel] = useState<EnvSelection>(initial.envSel);
  const [description, setDescription] = useState(bundle?.description ?? '');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const toggle = (set: typeof setPageSel, key: string, action: string, on: boolean) =>
    set((s) => {
      const now = new Set(s[key] ?? []);
      if (on) now.add(action);
      else now.delete(action);
      return { ...s, [key]: [...now] };
    });
  const grants = (): Grant[] => [
    ...Object.entries(pageSel)
      .filter(([, a]) => a.length > 0)
      .map(([page, actions]) => ({ type: 'page', id: page, actions: [...actions].sort() })),
    ...Object.entries(moduleSel)
      .filter(([, a]) => a.length > 0)
      .map(([type, actions]) => ({ type, actions: [...actions] })),
    ...envGrants(envSel),
    ...initial.kept,
  ];
  const save = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      await run(bundle ? 'editBundle' : 'createBundle', {
        id,
        grants: grants(),
        description: description.trim(),
      });
      onSaved(
        bundle ? `Bundle “${bundleTitle(id)}” saved.` : `Bundle “${bundleTitle(id)}” created.`,
      );
    } catch (error) {
      setOutcome({ ok: false, error });
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={bundle ? `Edit bundle “${bundleTitle(bundle.id)}”` : 'New bundle'}
      onClose={onClose}
      wide
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {bundle === null && (
          <label className="field">
            Bundle id
            <input
              value={id}
              onChange={(e) => setId(e.target.value)}
              required
              pattern="[A-Za-z0-9_]+"
              placeholder="e.g. CSM_LEADS"
            />
          </label>
        )}
        <label className="field">
          Description
          <textarea
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={500}
            rows={2}
            placeholder="What this bundle is for and who should get it"
          />
        </label>
        <fieldset className="grid-fieldset">
          <legend>Pages</legend>
          <div className="muted legend-note">
            Granting a page does not grant the pages under it. <Why rule="N2" />
          </div>
          <table className="grant-table">
            <thead>
              <tr>
                <th scope="col">Page</th>
                <th scope="col">Navigate</th>
                <th scope="col">Edit</th>
              </tr>
            </thead>
            <tbody>
              {pages.map((p) => (
                <tr key={p.id}>
                  <th scope="row" style={{ paddingLeft: `${0.5 + pageDepth(p.id) * 1.25}rem` }}>
                    {p.title}
                  </th>
                  {['navigate', 'edit'].map((a) => (
                    <td key={a}>
                      <input
                        type="checkbox"
                        aria-label={`${a} ${p.title}`}
                        data-grant={`page:${p.id}:${a}`}
                        checked={pageSel[p.id]?.includes(a) ?? false}
                        onChange={(e) => toggle(setPageSel, p.id, a, e.target.checked)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <fieldset className="grid-fieldset">
          <legend>Module levels</legend>
          <div className="muted legend-note">
            Each grants the action on every item of its kind. <Why rule="K5" />
          </div>
          {moduleTypes.map((t) => (
            <div className="module-row" key={t.name}>
              <span className="module-name">{typeTitle(t.name, { plural: true })}</span>
              {t.actions.map((a) => (
                <label key={a} className="check">
                  <input
                    type="checkbox"
                    data-grant={`${t.name}:${a}`}
                    checked={moduleSel[t.name]?.includes(a) ?? false}
                    onChange={(e) => toggle(setModuleSel, t.name, a, e.target.checked)}
                  />{' '}
                  {actionTitle(a)}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
        <EnvGrants value={envSel} onChange={setEnvSel} />
        {initial.kept.length > 0 && (
          <p className="muted">Kept as they are: {initial.kept.map(grantSentence).join('; ')}</p>
        )}
        <DialogFoot
          outcome={outcome}
          submit={bundle ? 'Save bundle' : 'Create bundle'}
          disabled={busy || id === ''}
          onClose={onClose}
        />
      </form>
    </Dialog>
  );
}
