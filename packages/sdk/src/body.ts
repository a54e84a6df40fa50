/**
 * Reading an answer's body within a bound, for the opt-in entries (admin ops, activity):
 * a hostile or broken server's endless or huge body is cut, not buffered without bound.
 */

/**
 * The text of `res`'s body, read until it ends or reaches `max` characters (0: nothing is
 * read); then the rest is cancelled (the connection released). A body cut short is
 * returned as read so far: it does not parse, and the caller names the answer (status,
 * content type, length).
 *
 * @example
 * ```ts
 * const text = await readAtMost(res, 64 * 1024);
 * ```
 */
export async function readAtMost(res: Response, max: number): Promise<string> {
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (reader && text.length < max) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader?.cancel();
  return text.slice(0, max); // a chunk may have carried it past `max`
}
