/**
 * Database failures classified by TYPE and SQLSTATE, never by message text: an outage
 * becomes {@link StorageUnavailableError} (503), a value the database refuses becomes
 * {@link StorageInputError} (400), anything else (a bug in our SQL) stays as it is (500).
 */
import { StorageInputError, StorageUnavailableError } from './types.ts';

/** What a failure means for the caller. */
export type FailureKind = 'unavailable' | 'input' | 'other';

/**
 * SQLSTATE classes (the first two characters) and codes that mean the database cannot serve
 * right now, as opposed to refusing this particular call.
 */
const UNAVAILABLE_CLASSES = new Set([
  '08', // connection exception
  '40', // transaction rollback: serialization failure, deadlock (retry)
  '53', // insufficient resources: disk full (53100), out of memory (53200), too many connections
  '57', // operator intervention: shutdown, crash, query cancelled by statement_timeout (57014)
  '58', // system error: I/O error (58030)
  'XX', // internal error, data corrupted
]);
const UNAVAILABLE_CODES = new Set(['25006', '55P03']); // read-only transaction (failover), lock timeout

/** SQLSTATE classes of a value the caller sent that the database refuses. */
const INPUT_CLASSES = new Set([
  '22', // data exception: 22021 invalid byte sequence (NUL), 22P05 untranslatable character…
  '54', // program limit exceeded: an index row or a string too large
]);

/** What a SQLSTATE means for the caller. */
export function sqlstateKind(code: string): FailureKind {
  if (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_CLASSES.has(code.slice(0, 2)))
    return 'unavailable';
  if (INPUT_CLASSES.has(code.slice(0, 2))) return 'input';
  return 'other';
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Programming errors of ours, never an outage. */
const isBug = (error: unknown) =>
  error instanceof TypeError ||
  error instanceof RangeError ||
  error instanceof SyntaxError ||
  error instanceof ReferenceError;

/**
 * Classifies an error that a driver call itself threw (a query, `begin`, `commit`, a pool
 * checkout: never the caller's code). `isServerError` recognises the driver's class for an
 * error response of the server (`pg.DatabaseError`, PGlite's `messages.DatabaseError`), whose
 * SQLSTATE decides; any other non-bug error a driver throws (a lost connection, a closed
 * database, a failed system call such as `ECONNREFUSED` or `ENOSPC`) is an outage.
 */
export function classifyDriverError(
  error: unknown,
  isServerError: (error: unknown) => boolean,
): FailureKind {
  if (error instanceof StorageUnavailableError) return 'unavailable';
  if (error instanceof StorageInputError) return 'input';
  if (isBug(error)) return 'other';
  if (isServerError(error)) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && SQLSTATE.test(code) ? sqlstateKind(code) : 'other';
  }
  return 'unavailable';
}

const INPUT_MESSAGES: Record<string, string> = {
  '22021': 'a string holds a NUL character or an invalid byte sequence',
  '22P05': 'a string holds a character the database cannot store (NUL or an unpaired surrogate)',
  '22P02': 'a value has an invalid text representation',
  '22001': 'a string is too long',
  '54000': 'a value is too large for the database (e.g. an id too long to index)',
};

/**
 * Turns an error a driver call threw into the storage's typed errors (see
 * {@link classifyDriverError}); errors of other kinds are returned as they are.
 */
export function toStorageError(error: unknown, isServerError: (e: unknown) => boolean): unknown {
  const kind = classifyDriverError(error, isServerError);
  if (kind === 'other' || error instanceof StorageUnavailableError) return error;
  if (error instanceof StorageInputError) return error;
  const raw = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  const code = typeof raw === 'string' ? raw : undefined;
  if (kind === 'input') {
    const known = code === undefined ? undefined : INPUT_MESSAGES[code];
    return new StorageInputError(
      '',
      `the database refused a value (SQLSTATE ${code}): ${known ?? `data exception class ${code?.slice(0, 2)}`}`,
      code,
    );
  }
  const diskFull = code === '53100' || code === 'ENOSPC' || code === 'EDQUOT';
  return new StorageUnavailableError(error, {
    reason: diskFull ? 'disk-full' : 'down',
    code,
  });
}
