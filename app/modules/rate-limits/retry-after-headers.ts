import type { HeadersFunction } from "@remix-run/node";

/**
 * A page route's `headers` export: Remix builds a document response's headers
 * from this function only, so a refused form post's Retry-After would
 * otherwise never leave the action.
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};
