/**
 * Sessions that end (issue 10, findings 10 and 11), over HTTP on 127.0.0.1 with a real
 * PGlite: event streams end when their token expires, when the session is revoked or
 * signed out, and when the user is deactivated; token verification is strict base64url.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auth, eventually, startApp } from './__fixtures__/world.ts';
import { createHmacAuth } from './auth.ts';
import { createPGliteStorage } from './storage/pglite.ts';
import type { Storage } from './storage/types.ts';

const SECRET = 'test-secret-0123456789abcdef'; // the fixture's: its tokens verify here too
/** Signs tokens that live one second (the stream of one ends within about a second). */
const brief = createHmacAuth({ secret: SECRET, ttlSeconds: 1 });
const sessions = createHmacAuth({ secret: SECRET });

let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
let base: string;
beforeAll(async () => {
  storage = await createPGliteStorage();
  srv = await startApp(storage, {
    heartbeatMs: 100,
    reauthenticateMs: 200,
    authenticate: sessions.authenticate,
  });
  base = srv.url;
});
afterAll(async () => {
  await srv?.close();
  await storage?.close();
});

/** An open event stream: everything it sent so far, and whether the server ended it. */
async function openStream(token: string) {
  const res = await fetch(`${base}/grants/stream`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const s = { status: res.status, text: '', ended: false };
  if (res.status !== 200) {
    s.text = await res.text();
    s.ended = true;
    return s;
  }
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (let c = await reader.read(); !c.done; c = await reader.read())
        s.text += decoder.decode(c.value, { stream: true });
    } catch {}
    s.ended = true;
  })();
  return s;
}
const endReason = (text: string) => /event: end\ndata: \{"reason":"(\w+)"\}/.exec(text)?.[1];
const grantsStatus = async (token: string) =>
  (await fetch(`${base}/grants`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('finding 10: event streams end with their session', () => {
  it('finding 10: an expired token ends the stream (event: end, reason expired), and the token gets 401', async () => {
    const token = brief.sign({ tenant: 'acme', userId: 'u1' });
    const stream = await openStream(token);
    expect(stream.status).toBe(200);
    await eventually(() => stream.ended, 10_000);
    expect(stream.text).toContain(': connected');
    expect(endReason(stream.text)).toBe('expired');
    expect(await grantsStatus(token)).toBe(401);
  });

  it('finding 10: a revoked session (sign-out) ends its streams within seconds; other sessions stay', async () => {
    const mine = sessions.sign({ tenant: 'acme', userId: 'u2' });
    const again = sessions.sign({ tenant: 'acme', userId: 'u2', sessionId: 'laptop' });
    const other = sessions.sign({ tenant: 'acme', userId: 'u2' }); // another device
    const [a, b, c] = await Promise.all([mine, again, other].map(openStream));
    expect([a!.status, b!.status, c!.status]).toEqual([200, 200, 200]);
    sessions.revoke(mine);
    sessions.revoke('laptop'); // by session id
    await eventually(() => a!.ended && b!.ended, 10_000);
    expect([endReason(a!.text), endReason(b!.text)]).toEqual(['revoked', 'revoked']);
    expect(await grantsStatus(mine)).toBe(401);
    expect(await grantsStatus(again)).toBe(401);
    expect(c!.ended).toBe(false);
    expect(await grantsStatus(other)).toBe(200);
    // the host ends the other session's streams at once
    const id = sessions.verify(other)!.sessionId!;
    expect(srv.app.endSessions({ tenant: 'acme', sessionId: id })).toBe(1);
    await eventually(() => c!.ended);
    expect(endReason(c!.text)).toBe('revoked');
    expect(() => srv.app.endSessions({ tenant: 'acme' })).toThrow(/userId or a sessionId/);
  });

  it("finding 10: a host's isRevoked hook refuses its tokens and ends their streams", async () => {
    const gone = new Set<string>();
    const hosted = createHmacAuth({
      secret: SECRET,
      isRevoked: ({ sessionId }) => sessionId !== undefined && gone.has(sessionId),
    });
    const token = hosted.sign({ tenant: 'acme', userId: 'u3', sessionId: 'tablet' });
    expect(hosted.verify(token)).toMatchObject({ userId: 'u3', sessionId: 'tablet' });
    gone.add('tablet');
    expect(hosted.verify(token)).toBeNull();
  });

  it('finding 10: deactivating a user ends their streams (after the revision event), and they cannot open one (MODEL K7)', async () => {
    const token = sessions.sign({ tenant: 'acme', userId: 'u4' });
    const stream = await openStream(token);
    expect(stream.status).toBe(200);
    const res = await as(base, 'sam').op('setUser', { id: 'u4', active: false });
    expect(res.status).toBe(200);
    const { revision } = (await res.json()) as { revision: number };
    await eventually(() => stream.ended);
    expect(endReason(stream.text)).toBe('inactive');
    expect(stream.text.indexOf(`data: {"revision":${revision}}`)).toBeGreaterThan(-1);
    expect(stream.text.indexOf(`{"revision":${revision}}`)).toBeLessThan(
      stream.text.indexOf('event: end'),
    );
    const refused = await openStream(token);
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/inactive or unknown \(MODEL K7\)/);
    expect((await as(base, 'sam').op('setUser', { id: 'u4', active: true })).status).toBe(200);
    const back = await openStream(token);
    expect(back.status).toBe(200);
    expect(srv.app.endSessions({ tenant: 'acme', userId: 'u4' })).toBe(1);
  });
});

describe('finding R4: notification streams end with their session too', () => {
  it('finding R4: an expired token ends the notification stream at its expiry (event: end, reason expired), not at the next re-check', async () => {
    // Re-checks a minute apart: only the expiry can end the stream within the test.
    const slow = await startApp(storage, {
      reauthenticateMs: 60_000,
      authenticate: sessions.authenticate,
    });
    const ctrl = new AbortController();
    const s = { text: '', ended: false };
    try {
      const res = await fetch(`${slow.url}/notifications/stream`, {
        headers: { authorization: `Bearer ${brief.sign({ tenant: 'acme', userId: 'ann' })}` },
        signal: ctrl.signal,
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      void (async () => {
        try {
          for (let c = await reader.read(); !c.done; c = await reader.read())
            s.text += decoder.decode(c.value, { stream: true });
        } catch {}
        s.ended = true;
      })();
      await eventually(() => s.ended, 20_000);
      expect(s.text).toContain('event: ready');
      expect(endReason(s.text)).toBe('expired');
    } finally {
      ctrl.abort();
      await slow.close();
    }
  });
});

describe('finding 11: strict base64url in token verification', () => {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const good = auth.sign({ tenant: 'acme', userId: 'ann' });
  const [payload, sig] = good.split('.') as [string, string];
  /** The last character with its unused low bits changed: other text, the same bytes. */
  const last = ALPHABET.indexOf(sig.at(-1)!);
  const twin = `${sig.slice(0, -1)}${ALPHABET[(last & ~3) | ((last + 1) & 3)]}`;

  it('finding 11: each altered signature form is refused with 401, the original accepted', async () => {
    expect(Buffer.from(twin, 'base64url')).toEqual(Buffer.from(sig, 'base64url')); // lenient decoding agrees
    expect(twin).not.toBe(sig);
    const altered = {
      'changed last character (same bytes)': `${payload}.${twin}`,
      'trailing =': `${payload}.${sig}=`,
      'trailing ==': `${payload}.${sig}==`,
      'inserted *': `${payload}.${sig.slice(0, 10)}*${sig.slice(10)}`,
      'inserted +': `${payload}.${sig.slice(0, 5)}+${sig.slice(5)}`,
      'standard base64 alphabet': `${payload}.${Buffer.from(sig, 'base64url').toString('base64')}`,
      'inserted %': `${payload}.${sig}%`,
      'payload with trailing =': `${payload}=.${sig}`,
    };
    expect(await grantsStatus(good)).toBe(200);
    for (const [form, token] of Object.entries(altered)) {
      expect(auth.verify(token), form).toBeNull();
      const res = await fetch(`${base}/grants`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, form).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code, form).toBe(
        'unauthenticated',
      );
    }
  });
});
