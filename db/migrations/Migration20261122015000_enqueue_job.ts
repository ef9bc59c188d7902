import { Migration } from "@mikro-orm/migrations";

/**
 * The app role cannot touch graphile-worker's tables (they have row-level
 * security and belong to the owner). This one definer function is its only way
 * in: it lets a request enqueue a job inside its own transaction, so the job
 * exists exactly when the write that caused it commits.
 */
export class Migration20261122015000_enqueue_job extends Migration {
  override name = "Migration20261122015000_enqueue_job";

  override up(): void {
    this.addSql(`
      create function enqueue_job(
        task text,
        payload json,
        job_key text default null,
        run_at timestamptz default null,
        max_attempts integer default null
      ) returns void
      language sql
      security definer
      set search_path = pg_catalog, pg_temp
      as $$
        select from graphile_worker.add_job(task, payload, job_key => job_key, run_at => run_at, max_attempts => max_attempts);
      $$;`);
    this.addSql(`revoke all on function enqueue_job(text, json, text, timestamptz, integer) from public;`);
  }

  override down(): void {
    this.addSql(`drop function enqueue_job(text, json, text, timestamptz, integer);`);
  }
}
