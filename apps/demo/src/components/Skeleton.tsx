/**
 * Loading placeholders. While the grants load every check answers "no" (fail closed, MODEL
 * C3), so a screen must show that it is loading, never "you have no access": use
 * `useGrantsLoading()` and render a `<Skeleton>` until it is false.
 */
import { useGrantkitClient, useGrantkitStatus } from '@grantkit/react';

export interface SkeletonProps {
  /** Grey bars to show (default 3). */
  readonly lines?: number;
  /** What is loading, for screen readers: "Loading the navigation…". */
  readonly label?: string;
  /** `text` (default): bars of varied width; `rows`: full-width table rows. */
  readonly variant?: 'text' | 'rows';
  readonly className?: string;
}

const WIDTHS = ['92%', '68%', '80%', '55%', '74%'];

/**
 * Grey placeholder bars in the shape of what is loading, announced once as a status.
 *
 * @example
 * ```tsx
 * if (assets.loading) return <Skeleton variant="rows" lines={5} label="Loading dashboards…" />;
 * ```
 */
export function Skeleton({
  lines = 3,
  label = 'Loading…',
  variant = 'text',
  className,
}: SkeletonProps) {
  return (
    <div
      className={['skeleton', `skeleton-${variant}`, className].filter(Boolean).join(' ')}
      role="status"
      aria-busy="true"
      data-testid="skeleton"
    >
      <span className="sr-only">{label}</span>
      {Array.from({ length: lines }, (_, i) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders
          key={i}
          className="skeleton-bar"
          aria-hidden="true"
          style={variant === 'text' ? { width: WIDTHS[i % WIDTHS.length] } : undefined}
        />
      ))}
    </div>
  );
}

/**
 * A whole screen loading: a heading bar and a few lines, under the given title if known.
 *
 * @example
 * ```tsx
 * if (useGrantsLoading()) return <ScreenSkeleton title="Sharing Settings" />;
 * ```
 */
export function ScreenSkeleton({ title, label }: { title?: string; label?: string }) {
  return (
    <section className="screen" aria-busy="true">
      {title ? <h1>{title}</h1> : <span className="skeleton-title" aria-hidden="true" />}
      <Skeleton lines={4} label={label ?? 'Loading your permissions…'} />
    </section>
  );
}

/**
 * `true` while this browser waits for its first grants (every check is pending): show a
 * skeleton, not a denial.
 *
 * @example
 * ```tsx
 * const loading = useGrantsLoading();
 * return loading ? <Skeleton /> : <List />;
 * ```
 */
export function useGrantsLoading(): boolean {
  return useGrantkitStatus().status === 'loading';
}

/**
 * When the grants could not be loaded at all: what went wrong and a way to try again, instead
 * of a screen that says the user may do nothing.
 *
 * @example
 * ```tsx
 * if (useGrantkitStatus().status === 'error') return <GrantsError />;
 * ```
 */
export function GrantsError() {
  const client = useGrantkitClient();
  const { error } = useGrantkitStatus();
  return (
    <div className="notice refused" role="alert">
      Your permissions could not be loaded{error ? `: ${error.message}` : ''}.{' '}
      <button type="button" className="link" onClick={() => void client.refresh()}>
        Try again
      </button>
    </div>
  );
}
