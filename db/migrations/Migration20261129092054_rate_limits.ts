import { Migration } from "@mikro-orm/migrations";

/**
 * One rate limiter for every web node: fixed-window counters in PostgreSQL.
 * The table lives in its own schema where the app role has no table
 * privileges (the grant on "all tables in schema public" does not reach it),
 * so no request can list who tried what; the app only calls these definer
 * functions with hashed keys. Each hit is one upsert, so parallel requests
 * are counted exactly (the conflicting row is locked while it is updated).
 * Replaces login_failures.
 */
export class Migration20261129092054_rate_limits extends Migration {
  override name = "Migration20261129092054_rate_limits";

  override up(): void {
    this.addSql(`create schema rate_limits;`);
    this.addSql(`
      create table rate_limits.counters (
        key text primary key,
        window_started_at timestamptz not null,
        window_seconds integer not null,
        hits integer not null
      );`);
    // Buckets are hit in order and the first refusal stops the walk, so a
    // request refused by a narrow bucket never counts against the wider ones.
    this.addSql(`
      create function rate_limits.hit(keys text[], limits integer[], windows integer[])
      returns table (allowed boolean, retry_after integer)
      language plpgsql
      security definer
      set search_path = pg_catalog, pg_temp
      as $$
      declare
        hit_at timestamptz := clock_timestamp();
        counted integer;
        started timestamptz;
      begin
        for i in 1 .. coalesce(array_length(keys, 1), 0) loop
          insert into rate_limits.counters as c (key, window_started_at, window_seconds, hits)
          values (keys[i], hit_at, windows[i], 1)
          on conflict (key) do update set
            hits = case when c.window_started_at + make_interval(secs => c.window_seconds) <= hit_at then 1 else c.hits + 1 end,
            window_started_at = case when c.window_started_at + make_interval(secs => c.window_seconds) <= hit_at then hit_at else c.window_started_at end,
            window_seconds = excluded.window_seconds
          returning c.hits, c.window_started_at into counted, started;
          if counted > limits[i] then
            return query select false, greatest(1, ceil(extract(epoch from started + make_interval(secs => windows[i]) - hit_at)))::integer;
            return;
          end if;
        end loop;
        return query select true, 0;
      end
      $$;`);
    this.addSql(`
      create function rate_limits.refund(keys text[]) returns void
      language sql
      security definer
      set search_path = pg_catalog, pg_temp
      as $$ update rate_limits.counters set hits = greatest(hits - 1, 0) where key = any(keys); $$;`);
    this.addSql(`
      create function rate_limits.clear(keys text[]) returns void
      language sql
      security definer
      set search_path = pg_catalog, pg_temp
      as $$ delete from rate_limits.counters where key = any(keys); $$;`);
    this.addSql(`
      create function rate_limits.purge() returns integer
      language sql
      security definer
      set search_path = pg_catalog, pg_temp
      as $$
        with gone as (
          delete from rate_limits.counters where window_started_at + make_interval(secs => window_seconds) <= clock_timestamp() returning 1
        )
        select count(*)::integer from gone;
      $$;`);
    this.addSql(`revoke all on all functions in schema rate_limits from public;`);
    this.addSql(`drop table "login_failures" cascade;`);
  }

  override down(): void {
    this.addSql(`drop schema rate_limits cascade;`);
    this.addSql(`create table "login_failures" ("id" uuid not null, "email" varchar(254) not null, "ip_address" varchar(64) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "login_failures_email_created_at_index" on "login_failures" ("email", "created_at");`);
    this.addSql(`create index "login_failures_ip_address_created_at_index" on "login_failures" ("ip_address", "created_at");`);
  }
}
