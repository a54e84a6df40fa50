/** A page of the navigation that the demo has no screen for: why the user may open it (MODEL K6). */
import { useGrantkitClient } from '@grantkit/react';
import { useRevision } from '../components/session';
import { Why, withoutRules } from '../components/Why';
import { pageAccessSentence } from '../pageAccess';
import { pages, pageTitle } from '../schema';

export function PageScreen({ page }: { page: string }) {
  const client = useGrantkitClient();
  useRevision();
  const title = pageTitle(page);
  const navigate = client.explain('navigate', { type: 'page', id: page });
  const edit = client.explain('edit', { type: 'page', id: page });
  const children = pages.filter((p) => p.parent === page);
  return (
    <section className="screen">
      <h1>{title}</h1>
      <p className="lede">This page stands for a screen of the host product.</p>
      <dl className="facts card">
        <dt>Open this page</dt>
        <dd>
          {pageAccessSentence(`open ${title}`, navigate)}{' '}
          <Why rule="K6" detail={withoutRules(navigate.message)} />
        </dd>
        <dt>Edit data here</dt>
        <dd>
          {pageAccessSentence(`edit data on ${title}`, edit)}{' '}
          <Why rule="K6" detail={withoutRules(edit.message)} />
        </dd>
      </dl>
      {children.length > 0 && (
        <div className="muted">
          Pages under this one need their own grant: {children.map((c) => c.title).join(', ')}.{' '}
          <Why rule="N2" />
        </div>
      )}
    </section>
  );
}
