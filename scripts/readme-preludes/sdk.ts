// What the SDK snippets of the READMEs assume: a signed-in session, a client, a revision.
import type { GrantkitClient } from '@grantkit/sdk';

declare const session: { id: string; token: string; accessToken: string };
declare const client: GrantkitClient;
declare const revision: number;
declare const body: string;
declare function getToken(): Promise<string>;
declare function redirectToSignIn(): void;
