// The size baseline (vite.size.config.ts): the same app with Grantkit replaced by inert
// stand-ins, so that the difference of the two builds is what Grantkit adds to the bundle.
import type { ReactNode } from 'react';

export const GrantkitProvider = ({ children }: { children: ReactNode }) => children;
export const GuardedAction = ({ children }: { children: ReactNode }) => children;
export const useGrantkitClient = () => undefined;
export const useGrantkitStatus = () => ({ status: 'ready' });
export class GrantkitOpError extends Error {}
export const createGrantkitAdmin = () => ({
  share: async () => ({ revision: 0 }),
});
