/** Whether `v` is a plain JSON object (not null, not an array): the one check every input validator starts with. */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
