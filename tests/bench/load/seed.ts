/**
 * The load benchmark's organization, written straight into the bench database
 * as the superuser: one organization ("carga") with `reps` members, five
 * stages and `reps × leadsPerRep` leads, each rep assigned `leadsPerRep` of
 * them (the board's first pages show ~150 cards whatever the total), plus one
 * live session per rep, made the way login makes them, so the first-load
 * phase measures the board and not 500 argon2id hashes.
 */
import { createHash, randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import pg from "pg";
import { KEY_FUNCTIONS } from "../bench-setup";

export const SLUG = "carga";

export interface Rep {
  userId: string;
  email: string;
  cookie: string;
  /** The rep's own cards (the ones they move), with the version and stage the seed gave them. */
  leads: { id: string; version: number; stageId: string }[];
}

export interface LoadOrganization {
  organizationId: string;
  stageIds: string[];
  leadIds: string[];
  reps: Rep[];
  /** The organization's last event id once seeded: every lead event after it must reach every stream. */
  baseEventId: number;
}

export async function seedLoadOrganization(options: {
  adminUrl: string;
  sessionSecret: string;
  passwordHash: string;
  reps: number;
  leadsPerRep: number;
}): Promise<LoadOrganization> {
  const client = new pg.Client({ connectionString: options.adminUrl });
  await client.connect();
  const q = <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => client.query<T>(text, params);
  try {
    for (const statement of KEY_FUNCTIONS) await q(statement);
    await q("begin");
    const {
      rows: [org],
    } = await q<{ id: string }>(
      `insert into organizations (id, name, slug, created_at, updated_at) values (gen_random_uuid(), 'Agência Carga', $1, now(), now()) returning id`,
      [SLUG],
    );
    await q(
      `insert into users (id, email, password_hash, full_name, created_at, updated_at)
       select gen_random_uuid(), 'rep' || g || '@carga.test', $1,
              (array['Ana','Bruno','Carla','Diego','Elisa','Fábio','Gabriela','Heitor'])[1 + g % 8] || ' ' ||
              (array['Souza','Lima','Costa','Alves','Rocha','Melo'])[1 + (g / 8) % 6] || ' ' || g, now(), now()
         from generate_series(0, $2::int - 1) g`,
      [options.passwordHash, options.reps],
    );
    await q(
      `insert into organization_members (id, organization_id, user_id, role, joined_at, updated_at)
       select gen_random_uuid(), $1, u.id, case when u.email = 'rep0@carga.test' then 'owner' else 'member' end, now(), now()
         from users u where u.email like 'rep%@carga.test'`,
      [org.id],
    );
    await q(
      `insert into pipeline_stages (id, organization_id, name, position, color, stage_type, is_active, created_at, updated_at)
       select gen_random_uuid(), $1, s.name, s.position, s.color, s.type, true, now(), now()
         from (values (0, 'Lead', '#ef4444', 'lead'), (1, 'Contato', '#f97316', 'contact'), (2, 'Proposta', '#eab308', 'proposal'),
                      (3, 'Negociação', '#22c55e', 'negotiation'), (4, 'Fechado', '#6366f1', 'closed')) s(position, name, color, type)`,
      [org.id],
    );
    // Lead g: stage g % 5, rank g / 5 in it, assigned to rep g % reps; the rest varies with g so filters select something.
    await q(
      `insert into leads (id, organization_id, full_name, email, phone, company, stage_id, position, assignee_id, source, priority,
                          tags, estimated_value, status, version, last_contact_at, last_contact_channel, created_at, updated_at)
       select gen_random_uuid(), $1,
              (array['Ana','Bruno','Carla','Diego','Elisa','Fábio','Gabriela','Heitor','Isabela','João'])[1 + g % 10] || ' ' ||
              (array['Souza','Lima','Costa','Alves','Rocha','Melo','Pires'])[1 + (g / 10) % 7] || ' ' || g,
              'contato' || g || '@cliente.test', '+55119' || lpad(((g * 7919) % 100000000)::text, 8, '0'),
              case when g % 4 = 0 then null else 'Empresa ' || (g % 300) end,
              s.ids[1 + g % 5], pg_temp.ordering_key(g / 5),
              (select id from users where email = 'rep' || (g % $2::int) || '@carga.test'),
              (array['whatsapp','instagram','site','indicacao','google_ads','meta_ads','evento','linkedin'])[1 + (g * 31) % 8],
              (array['low','medium','medium','high','urgent'])[1 + (g * 13) % 5],
              case (g * 17) % 4 when 0 then '{}'::text[] when 1 then array['quente'] when 2 then array['quente','b2b'] else array['e-commerce'] end,
              case when g % 9 = 0 then null else ((g * 7717) % 9000000) / 100.0 + 500 end,
              'active', 1, now() - ((g % 2000) || ' hours')::interval,
              (array['whatsapp','phone','email','meeting','note'])[1 + g % 5],
              now() - ((g % 4000) || ' hours')::interval, now()
         from (select array_agg(id order by position) as ids from pipeline_stages where organization_id = $1) s
        cross join generate_series(0, $2::int * $3::int - 1) g`,
      [org.id, options.reps, options.leadsPerRep],
    );
    await q(`insert into realtime_sequences (organization_id, last_event_id) values ($1, 0)`, [org.id]);
    const tokens = Array.from({ length: options.reps }, () => randomBytes(32).toString("base64url"));
    const { rows: users } = await q<{ id: string; email: string; n: number }>(
      `select id, email, substring(email from 4 for position('@' in email) - 4)::int as n from users where email like 'rep%@carga.test' order by 3`,
    );
    await q(
      `insert into user_sessions (id, token_hash, user_id, expires_at, last_activity_at, created_at)
       select gen_random_uuid(), t.hash, t.user_id, now() + interval '1 day', now(), now()
         from unnest($1::text[], $2::uuid[]) as t(hash, user_id)`,
      [tokens.map((token) => createHash("sha256").update(token).digest("hex")), users.map((user) => user.id)],
    );
    await q("commit");
    await q("vacuum analyze");

    const { rows: stages } = await q<{ id: string }>(`select id from pipeline_stages where organization_id = $1 order by position`, [org.id]);
    const { rows: leads } = await q<{ id: string; version: number; stage_id: string; assignee_id: string }>(
      `select id, version, stage_id, assignee_id from leads where organization_id = $1`,
      [org.id],
    );
    const cookie = createCookie("__session", { secrets: [options.sessionSecret] });
    const reps: Rep[] = await Promise.all(
      users.map(async (user, i) => ({
        userId: user.id,
        email: user.email,
        cookie: (await cookie.serialize(tokens[i])).split(";")[0],
        leads: leads.filter((lead) => lead.assignee_id === user.id).map((lead) => ({ id: lead.id, version: lead.version, stageId: lead.stage_id })),
      })),
    );
    return { organizationId: org.id, stageIds: stages.map((stage) => stage.id), leadIds: leads.map((lead) => lead.id), reps, baseEventId: 0 };
  } finally {
    await client.end();
  }
}

/** Lead event ids committed after `after` (what every stream should have carried). */
export async function leadEventIdsAfter(adminUrl: string, organizationId: string, after: number): Promise<number[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ event_id: string }>(
      `select event_id from realtime_events where organization_id = $1 and event_id > $2 and type like 'lead.%' order by event_id`,
      [organizationId, after],
    );
    return rows.map((row) => Number(row.event_id));
  } finally {
    await client.end();
  }
}
