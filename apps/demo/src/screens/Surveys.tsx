/**
 * Journey Orchestrator > Surveys (MODEL N13): every survey the user reaches, with their access
 * on it (module level from bundles, K5, united with survey-level grants), managing who has
 * access to one survey (`grantOn`/`revokeOn`, for its admins) and the question library
 * (module-level design only).
 */
import { GuardedAction, useCan, useCheck } from '@grantkit/react';
import { useState } from 'react';
import type { Resource } from '../api';
import { Notice } from '../components/Notice';
import { useLoad, useSession } from '../components/session';
import { levelTitle, SURVEY_LEVELS, statusTitle } from '../components/surveys/levels';
import { ModuleGrants } from '../components/surveys/ModuleGrants';
import { QuestionLibrary } from '../components/surveys/QuestionLibrary';
import { SurveyAccess } from '../components/surveys/SurveyAccess';
import { Why } from '../components/Why';
import { titleOf } from '../util';

export function SurveysScreen() {
  const { api } = useSession();
  const surveys = useLoad('surveys', () => api.resources('survey'));
  const [managing, setManaging] = useState<Resource | null>(null);
  const rows = [...(surveys.data ?? [])].sort((a, b) => titleOf(a).localeCompare(titleOf(b)));
  return (
    <section className="screen surveys">
      <h1>Surveys</h1>
      <div className="lede">
        Your access to a survey is what your permission bundles give you on all surveys plus what
        its admins gave you on that survey alone. <Why rule={['N13', 'K5']} />
      </div>
      <ModuleAccess />
      {surveys.error !== undefined && <Notice outcome={{ ok: false, error: surveys.error }} />}
      <section className="card" aria-labelledby="surveys-title">
        <h2 id="surveys-title">All surveys</h2>
        <table className="surveys-table">
          <thead>
            <tr>
              <th scope="col">Survey</th>
              <th scope="col">Status</th>
              <th scope="col">Questions</th>
              <th scope="col">Your access</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody aria-busy={surveys.loading}>
            {surveys.data === undefined &&
              surveys.error === undefined &&
              [0, 1, 2].map((i) => (
                <tr key={i} className="skeleton-row">
                  <td colSpan={5}>
                    <span className="skeleton-bar" />
                  </td>
                </tr>
              ))}
            {rows.map((s) => (
              <SurveyRow key={s.id} survey={s} onManage={() => setManaging(s)} />
            ))}
            {surveys.data?.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  No survey is open to you. Ask a survey admin for access.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      <ModuleGrants />
      <QuestionLibrary />
      {managing !== null && <SurveyAccess survey={managing} onClose={() => setManaging(null)} />}
    </section>
  );
}

/** The user's module-level access (all surveys), from their bundles (MODEL K5). */
function ModuleAccess() {
  const checks = SURVEY_LEVELS.map((l) => ({
    level: l,
    // biome-ignore lint/correctness/useHookAtTopLevel: a fixed list, same order every render
    check: useCheck(l.action, { type: 'survey' }),
  }));
  const pending = checks.some((c) => c.check.state === 'pending');
  const top = checks.find((c) => c.check.allowed);
  return (
    <p className="notice module-access" data-module-level={top?.level.action ?? 'none'}>
      {pending
        ? 'Checking your access…'
        : top
          ? `On all surveys you have ${top.level.title} (${top.level.description}), from your permission bundles.`
          : 'Your permission bundles give you nothing on every survey; the surveys listed are those shared with you.'}
    </p>
  );
}

function SurveyRow({ survey, onManage }: { survey: Resource; onManage(): void }) {
  const title = titleOf(survey);
  const on = { type: 'survey', id: survey.id, fields: { title } };
  const admin = useCan('admin', on);
  const design = useCan('design', on);
  const distribute = useCan('distribute', on);
  const analyze = useCan('analyze', on);
  const level = admin
    ? 'admin'
    : design
      ? 'design'
      : distribute
        ? 'distribute'
        : analyze
          ? 'analyze'
          : null;
  return (
    <tr data-survey={survey.id}>
      <th scope="row">{title}</th>
      <td>{statusTitle(survey.fields?.status)}</td>
      <td>{String(survey.fields?.questions ?? '—')}</td>
      <td data-level={level ?? 'none'}>{level ? levelTitle(level) : '—'}</td>
      <td className="actions">
        <GuardedAction
          I="admin"
          on={on}
          tooltipClassName="tooltip"
          reason={() =>
            `Manage access: only an admin of “${title}” may change who has access to it; you have ${level ? levelTitle(level) : 'no access'}`
          }
        >
          <button
            type="button"
            className="action-btn"
            aria-label={`Manage access to ${title}`}
            onClick={onManage}
          >
            Manage access
          </button>
        </GuardedAction>
      </td>
    </tr>
  );
}
