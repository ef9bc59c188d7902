import { describe, expect, it } from "vitest";
import { DEFAULT_RETENTION_DAYS } from "~/lib/retention";
import { addMember, signUpOrganization } from "../security/streams-factories";
import { markupOf } from "../support/client";
import { useTestClock } from "../support/clock";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { runJobs } from "../whatsapp/support";
import { aLead, anEntry, aStage, daysBefore, runAuditsOf, runsOf } from "./support";

/** The privacy page's retention card: the last pass, what expires next, and the owner's "run now". */
describe("retention on the privacy page (/o/:slug/settings/privacy)", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const clock = useTestClock();
  const page = (slug: string) => `/o/${slug}/settings/privacy`;

  /** The upcoming count a kind's row carries. */
  const upcoming = (body: string, kind: string) => new RegExp(`data-upcoming-kind="${kind}"[^]*?data-count="(\\d+)"`).exec(markupOf(body))?.[1];
  const jobsOf = (organizationId: string) =>
    db.adminQuery<{ payload: { trigger: string; requestedBy: string | null } }>("select payload from graphile_worker._private_jobs where key = $1", [
      `retention__run_organization:${organizationId}`,
    ]);

  async function anOrganizationWithEntries() {
    const organization = await signUpOrganization(server, db);
    const leadId = await aLead(db, organization.id, await aStage(db, organization.id));
    const limit = DEFAULT_RETENTION_DAYS.communications;
    const expired = await anEntry(db, organization.id, leadId, daysBefore(clock.now(), limit + 1));
    // Expire in 10 and 20 days; the one at 40 days is beyond the window.
    for (const age of [limit - 10, limit - 20, limit - 40]) await anEntry(db, organization.id, leadId, daysBefore(clock.now(), age));
    return { organization, expired };
  }

  it("shows owners what expires in the next 30 days and no run yet; the not-enforced notice is gone", async () => {
    const { organization } = await anOrganizationWithEntries();
    const response = await organization.owner.get(page(organization.slug));
    expect(response.status).toBe(200);
    expect(upcoming(response.body, "communications")).toBe("2");
    expect(upcoming(response.body, "media")).toBe("0");
    expect(response.body).toContain("Nenhuma limpeza ainda.");
    expect(response.body).toContain("Executar limpeza agora");
    expect(response.body).not.toContain("ainda não está ativa");
  });

  it("lets the owner run the pass now: queued as a manual run, shown with its counts once it finished, audited with the owner", async () => {
    const { organization, expired } = await anOrganizationWithEntries();
    const answer = await organization.owner.request(page(organization.slug), { form: { intent: "run-retention" } });
    expect(answer.status).toBe(202);
    expect(answer.body).toContain("Limpeza iniciada");
    expect((await jobsOf(organization.id)).map((job) => job.payload)).toEqual([{ organizationId: organization.id, trigger: "manual", requestedBy: organization.ownerId }]);

    await runJobs(db);
    const [run] = await runsOf(db, organization.id);
    expect(run).toMatchObject({ status: "succeeded", trigger: "manual", requested_by_id: organization.ownerId, counts: { communications: 1 } });
    const [{ content }] = await db.adminQuery<{ content: string }>("select content from communications where id = $1", [expired]);
    expect(content).toBe("");
    expect((await runAuditsOf(db, organization.id)).map((audit) => audit.actor_id)).toEqual([organization.ownerId]);

    const body = markupOf((await organization.owner.get(page(organization.slug))).body);
    expect(body).toContain('data-retention-run="succeeded"');
    expect(body).toMatch(/data-retention-count="communications"[^]*?Conversas esvaziadas[^]*?>1</);
    expect(body).toContain("iniciada pelo proprietário");
  });

  it("refuses a second run while one is running (409), and shows the running one", async () => {
    const { organization } = await anOrganizationWithEntries();
    await db.adminQuery(
      `insert into retention_runs (id, organization_id, status, trigger, as_of, cutoffs, counts, started_at)
       values (gen_random_uuid(), $1, 'running', 'schedule', now(), '{}', '{"communications": 3}', now())`,
      [organization.id],
    );
    const answer = await organization.owner.request(page(organization.slug), { form: { intent: "run-retention" } });
    expect(answer.status).toBe(409);
    expect(answer.body).toContain("Uma limpeza já está em andamento.");
    expect(await jobsOf(organization.id)).toEqual([]);
    const body = markupOf((await organization.owner.get(page(organization.slug))).body);
    expect(body).toContain('data-retention-run="running"');
    expect(body).toContain("Em andamento");
  });

  it("refuses admins (403) and shows them the page without the button; a malformed intent is 400", async () => {
    const { organization } = await anOrganizationWithEntries();
    const admin = await addMember(server, db, organization.id, "admin");
    const refused = await admin.client.request(page(organization.slug), { form: { intent: "run-retention" } });
    expect(refused.status).toBe(403);
    expect(await jobsOf(organization.id)).toEqual([]);
    const shown = await admin.client.get(page(organization.slug));
    expect(shown.status).toBe(200);
    expect(shown.body).not.toContain("Executar limpeza agora");
    expect(shown.body).toContain("Só o proprietário pode executar a limpeza fora do horário.");

    const malformed = await organization.owner.request(page(organization.slug), { form: { intent: "run-retention-now" } });
    expect(malformed.status).toBe(400);
    expect(await jobsOf(organization.id)).toEqual([]);
  });
});
