/**
 * Sharing Settings (MODEL D1–D11): three tabs, as the admin product has them. Sharing rules:
 * per record type, "everyone gets read/write" or rules giving read and/or write to users who
 * meet criteria, on records that meet advice. User Groups. Permission attributes.
 */
import { useState } from 'react';
import { Notice, type Outcome } from '../components/Notice';
import { useLoad, useSession } from '../components/session';
import { RecordTypeCard } from '../components/sharing/RecordTypeCard';
import { useRoute } from '../router';
import { recordTypeNames } from '../schema';
import { AttributesTab } from './Attributes';
import { GroupsTab } from './Groups';

const TABS = [
  { id: 'rules', route: '/sharing', label: 'Sharing rules' },
  { id: 'groups', route: '/sharing/groups', label: 'User Groups' },
  { id: 'attributes', route: '/sharing/attributes', label: 'Permission attributes' },
] as const;

export function SharingScreen() {
  const route = useRoute();
  const tab = TABS.find((t) => t.route === route) ?? TABS[0];
  return (
    <section className="screen">
      <h1>Sharing Settings</h1>
      <nav className="tabs" aria-label="Sharing Settings">
        {TABS.map((t) => (
          <a key={t.id} href={`#${t.route}`} aria-current={t.id === tab.id ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {tab.id === 'rules' && <RulesTab />}
      {tab.id === 'groups' && <GroupsTab />}
      {tab.id === 'attributes' && <AttributesTab />}
    </section>
  );
}

function RulesTab() {
  const { api } = useSession();
  const settings = useLoad('recordTypes', () => api.recordTypes());
  const groups = useLoad('groups', () => api.groups());
  const users = useLoad('users', () => api.users());
  const [outcome, setOutcome] = useState<Outcome>(null);
  return (
    <>
      <p className="lede">
        Every record type starts with everyone able to read and write its records. Turn that off and
        only the rules below give access; a record is also open to whoever may open a record it
        belongs to, and managers get what their reports get.
      </p>
      <Notice outcome={outcome} />
      {settings.error !== undefined && <Notice outcome={{ ok: false, error: settings.error }} />}
      {recordTypeNames.map((type) =>
        settings.data === undefined && settings.error === undefined ? (
          <section key={type} className="card skeleton" aria-busy="true">
            <span className="sr-only">Loading sharing settings…</span>
            <div className="skeleton-line wide" />
            <div className="skeleton-line" />
            <div className="skeleton-line" />
          </section>
        ) : (
          <RecordTypeCard
            key={type}
            type={type}
            settings={settings.data?.find((s) => s.type === type)}
            groups={groups.data ?? []}
            users={users.data ?? []}
            onOutcome={setOutcome}
          />
        ),
      )}
    </>
  );
}
