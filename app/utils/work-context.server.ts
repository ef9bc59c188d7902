import { AsyncLocalStorage } from "node:async_hooks";

/** Who and what a unit of work (an HTTP request, a job) is about; every log line written inside it carries these. */
export interface WorkContext {
  requestId?: string;
  jobId?: string;
  job?: string;
  organizationId?: string;
  userId?: string;
}

// On globalThis: the Remix server bundle and code run from source are separate
// module copies in one process, and the guard (in the bundle) must write into
// the context the HTTP front (from source) opened.
const store = globalThis as typeof globalThis & {
  __lovedWorkContext?: AsyncLocalStorage<WorkContext>;
  __lovedSharedReads?: WeakMap<WorkContext, Map<string, Promise<unknown>>>;
};
const storage = (store.__lovedWorkContext ??= new AsyncLocalStorage<WorkContext>());
// Beside the context rather than in it: the context is spread into log lines.
const sharedReads = (store.__lovedSharedReads ??= new WeakMap());

/** Runs `work` with `context` as the current context (and that of everything it awaits or schedules). */
export function runWithWorkContext<T>(context: WorkContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentWorkContext(): WorkContext | undefined {
  return storage.getStore();
}

/** Names the organization and user of the current request or job, once an auth guard knows them. */
export function noteActor(organizationId: string, userId: string) {
  const context = storage.getStore();
  if (!context) return;
  context.organizationId = organizationId;
  context.userId = userId;
}

/**
 * Handles one request with reads shared by its loaders: a document or data
 * request runs the root, layout and page loaders at once, each with its own
 * copy of the Request, and each would look up the same session and
 * membership. Only GET and HEAD share: in a POST the action may end the
 * session or change a membership before the loaders run, and they must see it.
 */
export function runInRequestScope<T>(method: string, handle: () => T): T {
  if (method !== "GET" && method !== "HEAD") return handle();
  const context = storage.getStore() ?? {};
  sharedReads.set(context, new Map());
  return storage.run(context, handle);
}

/** `load()` once per request and key (every time outside a GET's scope). */
export function oncePerRequest<T>(key: string, load: () => Promise<T>): Promise<T> {
  const context = storage.getStore();
  const shared = context && sharedReads.get(context);
  if (!shared) return load();
  let found = shared.get(key) as Promise<T> | undefined;
  if (!found) {
    found = load();
    shared.set(key, found);
  }
  return found;
}
