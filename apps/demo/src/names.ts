/** Display names of the seeded people (the world stores them as the `name` attribute too). */
import { users } from './seed/users';

const byId = new Map(users.map((u) => [u.id, u]));

/** "Eve East" for `eve`; the id for anyone the seed does not know. */
export const userName = (id: string): string => byId.get(id)?.name ?? id;

/** The seed's description of a user, for the sign-in list. */
export const seedUser = (id: string) => byId.get(id);

/** "Eve East (eve)". */
export const userLabel = (id: string): string => {
  const name = byId.get(id)?.name;
  return name ? `${name} (${id})` : id;
};

/** A seeded person's work email: their `email` if the seed gives one, else `<id>@acme.example`. */
export const userEmail = (id: string): string => {
  const email = (byId.get(id) as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email : `${id}@acme.example`;
};

/** Licences as people read them (the schema gives them no title): `viewer-analytics` → "Viewer with Analytics". */
const LICENCE_TITLES: Record<string, string> = {
  full: 'Full',
  viewer: 'Viewer',
  'viewer-analytics': 'Viewer with Analytics',
};

/** "Viewer with Analytics licence" for `viewer-analytics`; an unknown licence reads "<id> licence". */
export const licenceTitle = (license: string): string =>
  `${LICENCE_TITLES[license] ?? license} licence`;
