import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Reads shared by the loaders of one HTTP request. A document or data request
 * runs the root, layout and page loaders at once, each with its own copy of
 * the Request, and each would look up the same session and membership.
 */
// On globalThis: the server (run from source) opens the scope, the Remix build's own copy of this module reads it.
const cache = globalThis as typeof globalThis & { __lovedRequestScope?: AsyncLocalStorage<Map<string, Promise<unknown>>> };
const scope = (cache.__lovedRequestScope ??= new AsyncLocalStorage());

/**
 * Handles one request inside its own scope. Only GET and HEAD get one: in a
 * POST the action may end the session or change a membership before the
 * loaders run, and they must see that, so there nothing is shared.
 */
export function runInRequestScope<T>(method: string, handle: () => T): T {
  return method === "GET" || method === "HEAD" ? scope.run(new Map(), handle) : handle();
}

/** `load()` once per request and key (every time outside a request scope). */
export function oncePerRequest<T>(key: string, load: () => Promise<T>): Promise<T> {
  const shared = scope.getStore();
  if (!shared) return load();
  let found = shared.get(key) as Promise<T> | undefined;
  if (!found) {
    found = load();
    shared.set(key, found);
  }
  return found;
}
