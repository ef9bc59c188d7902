/**
 * A local PostgreSQL that cannot start for a reason the person can fix. The
 * launcher prints `message` (pt-BR, then English) as one line, never a stack.
 */
export class LocalPostgresError extends Error {
  constructor(
    readonly portuguese: string,
    readonly english: string,
  ) {
    super(`${portuguese} / ${english}`);
    this.name = "LocalPostgresError";
  }
}
