/** Survey access levels as people read them (MODEL K4: admin ⇒ design, distribute, analyze). */
export const SURVEY_LEVELS = [
  { action: 'admin', title: 'Admin', description: 'design, distribute, analyze and manage access' },
  { action: 'design', title: 'Design', description: 'edit questions and layout' },
  { action: 'distribute', title: 'Distribute', description: 'send it and read the results' },
  { action: 'analyze', title: 'Analyze', description: 'read the results' },
] as const;

/** "Admin" for `admin`. */
export const levelTitle = (action: string): string =>
  SURVEY_LEVELS.find((l) => l.action === action)?.title ?? action;

/** The status of a survey as a sentence-case word. */
export const statusTitle = (status: unknown): string =>
  status === 'live' ? 'Live' : status === 'draft' ? 'Draft' : status === 'closed' ? 'Closed' : '—';
