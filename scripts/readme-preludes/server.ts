// What the server snippets of the READMEs assume: a schema, a seed world, a storage, a session.
import type { Schema, WorldInput } from '@grantkit/core';
import type { GrantsAppOptions, Storage } from '@grantkit/server';

declare const schemaJson: unknown;
declare const schema: Schema;
declare const world: WorldInput;
declare const storage: Storage;
declare const session: { id: string; token: string; accessToken: string };
declare const authenticate: GrantsAppOptions['authenticate'];
declare const metrics: { increment(name: string): void };
