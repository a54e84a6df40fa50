/**
 * Stands in for your sign-in: the example's grants server signs a token for a seeded user
 * (`GET /grantkit/session?user=`). One token function per user, so its identity is stable
 * (the provider switches user when `getToken` changes).
 */
const tokens = new Map<string, () => Promise<string>>();

export function tokenFor(userId: string): () => Promise<string> {
  let get = tokens.get(userId);
  if (get === undefined) {
    let token: Promise<string> | undefined;
    get = () => {
      token ??= fetch(`/grantkit/session?user=${encodeURIComponent(userId)}`).then((r) => {
        if (!r.ok) throw new Error(`sign-in failed: ${r.status}`);
        return r.text();
      });
      return token;
    };
    tokens.set(userId, get);
  }
  return get;
}
