import { AsyncLocalStorage } from "node:async_hooks";

/** Who and what a unit of work (an HTTP request, a job) is about; every log line written inside it carries these. */
export interface LogContext {
  requestId?: string;
  jobId?: string;
  job?: string;
  organizationId?: string;
  userId?: string;
}

// On globalThis: the Remix server bundle and code run from source are separate
// module copies in one process, and the guard (in the bundle) must write into
// the context the HTTP front (from source) opened.
const store = globalThis as typeof globalThis & { __lovedLogContext?: AsyncLocalStorage<LogContext> };
const storage = (store.__lovedLogContext ??= new AsyncLocalStorage<LogContext>());

/** Runs `work` with `context` as the current log context (and that of everything it awaits or schedules). */
export function runWithLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/** Names the organization and user of the current request or job, once an auth guard knows them. */
export function noteActor(organizationId: string, userId: string) {
  const context = storage.getStore();
  if (!context) return;
  context.organizationId = organizationId;
  context.userId = userId;
}
