/** A page of the navigation that the demo has no screen for: why the user may open it (MODEL K6). */
import { useGrantkitClient } from '@grantkit/react';
import { useRevision } from '../components/session';
import { pages, pageTitle } from '../schema';

export function PageScreen({ page }: { page: string }) {
  const client = useGrantkitClient();
  useRevision();
  const navigate = client.explain('navigate', { type: 'page', id: page });
  const edit = client.explain('edit', { type: 'page', id: page });
  const children = pages.filter((p) => p.parent === page);
  return (
    <section className="screen">
      <h1>{pageTitle(page)}</h1>
      <p className="lede">
        This page stands for a screen of the host product. You may open it: {navigate.message}.
      </p>
      <p>
        Edit data here: <strong>{edit.allowed ? 'yes' : 'no'}</strong> — {edit.message}
      </p>
      {children.length > 0 && (
        <p className="muted">
          Granting a page does not grant the pages under it (MODEL N2):{' '}
          {children.map((c) => c.title).join(', ')} each need their own grant.
        </p>
      )}
    </section>
  );
}
