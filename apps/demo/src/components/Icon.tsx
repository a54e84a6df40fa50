/** Small inline icons (decorative: the buttons carry the accessible names). */
const PATHS = {
  view: 'M1 12s4-7 11-7 11 7 11 7-4 7-11 7S1 12 1 12zm11 3a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
  edit: 'M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4',
  share:
    'M18 8a3 3 0 1 0-3-3l-7 4a3 3 0 1 0 0 6l7 4a3 3 0 1 0 1-2l-7-4a3 3 0 0 0 0-2l7-4a3 3 0 0 0 2 1z',
  move: 'M3 7h6l2 2h10v10H3V7zm9 4v6m-3-3h6',
  delete: 'M4 7h16M9 7V4h6v3m-8 0 1 13h8l1-13',
  permissions: 'M6 11V8a6 6 0 0 1 12 0v3M5 11h14v10H5V11zm7 4v2',
  folder: 'M3 6h6l2 2h10v11H3V6z',
  dashboard: 'M3 3h8v10H3V3zm10 0h8v6h-8V3zm0 8h8v10h-8V11zM3 15h8v6H3v-6z',
  refresh: 'M20 12a8 8 0 1 1-3-6.3M20 4v5h-5',
  bell: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4l2-2zm4 4a2 2 0 0 0 4 0',
  star: 'M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9L12 3z',
} as const;

export type IconName = keyof typeof PATHS;

/** One icon; `filled` fills its shape (a watched star). */
export function Icon({ name, filled }: { name: IconName; filled?: boolean }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d={PATHS[name]}
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
