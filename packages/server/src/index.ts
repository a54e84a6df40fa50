export { createGrantsApp, type GrantsAppOptions } from './app';
export { listen, type RunningServer } from './node';
export { createPGliteStorage, type PGliteStorageOptions, type Storage } from './storage/pglite';
