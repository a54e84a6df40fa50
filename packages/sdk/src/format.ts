/** The snapshot format this client reads (its cache keys name it: a new format starts empty). */
export const FORMAT = 1;
