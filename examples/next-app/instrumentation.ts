// Starts the grants server when the Next.js server boots (opening PGlite takes seconds),
// not on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { grants } = await import('./lib/grants');
    await grants();
  }
}
