// What the React snippets of the READMEs assume: a client and the host's own components.
import type { GrantkitClient } from '@grantkit/sdk';
import type { ReactElement } from 'react';

declare const client: GrantkitClient;
declare function openEditor(id?: string): void;
declare function AdminPanel(): ReactElement;
declare function ShareButton(props: { id: string }): ReactElement;
declare function ReadOnlyBadge(): ReactElement;
declare function ManagePermissions(props: { id: string }): ReactElement;
