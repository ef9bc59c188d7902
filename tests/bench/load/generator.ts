/**
 * The load benchmark's simulated team, in its own process (forked by run.ts)
 * so its work is visible apart from the server's. Each rep is a browser:
 * its own keep-alive agent (5 sockets, the event stream on a sixth), a raw
 * SSE reader, and the requests the board UI makes — nothing is rendered and
 * only event frames are parsed. Driven over IPC:
 *   { cmd: "logins", … }     real POST /login for some reps  → { samples, errors, totalMs }
 *   { cmd: "run", … }        first loads, then the steady state → { report }
 *   { cmd: "check", ids }    lead event ids every stream must have had → { missed, streams, reconnects }
 */
import http from "node:http";
import zlib from "node:zlib";
import type { BoardCard, LeadSearchFields } from "~/lib/board-client";
import { cardMatchesFilters } from "~/lib/board-filter-match";
import type { Rep } from "./seed";

export interface RunConfig {
  url: string;
  slug: string;
  reps: Rep[];
  stageIds: string[];
  leadIds: string[];
  baseEventId: number;
  durationS: number;
  rampS: number;
  leadEveryS: number;
  filterEveryS: number;
  moveEveryS: number;
  presence: boolean;
  /** Whether boards ask for the cards teammates changed (the UI does; off shows what that costs). */
  cardRefresh: boolean;
  timeoutMs: number;
}

export type Action = "login" | "firstLoad" | "firstDocument" | "streamOpen" | "lead" | "filter" | "move" | "cards" | "presence" | "revalidate" | "event";

export interface ActionReport {
  samples: number[];
  errors: number;
  /** Moves refused with 409 because a teammate moved the card first: expected, not an error. */
  conflicts: number;
  statuses: Record<string, number>;
}

const BROWSER_HEADERS = { "accept-encoding": "gzip, deflate, br", "user-agent": "loved-load/1.0" };
/** As the board's CardRefresher: ids are gathered this long before one request asks for them all. */
const GATHER_MS = 25;
/** Cards per column in the board document and data (get-board.server.ts). */
const BOARD_FIRST_PAGE = 10;

/** What the generator reads of a lead event's `data:` line. */
interface LeadEventFrame {
  leadId: string;
  version: number;
  fromStageId?: string;
  toStageId?: string;
  actor?: { id: string } | null;
  card?: BoardCard;
  search?: LeadSearchFields;
}
const FILTERS = ["assignee=mine", "priority=high", "q=souza", "tag=quente", "source=whatsapp&min=1000", ""];
/** The revalidation Remix runs after an action: the layouts' loaders (the board opts out). */
const AFTER_ACTION_ROUTES = "_routes=root,routes%2Fo.%24slug";

const now = () => performance.now();
const jitter = (mean: number) => mean * (0.5 + Math.random());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const reports = new Map<Action, ActionReport>();
function report(action: Action) {
  let entry = reports.get(action);
  if (!entry) reports.set(action, (entry = { samples: [], errors: 0, conflicts: 0, statuses: {} }));
  return entry;
}
function record(action: Action, ms: number | null, status: number | string, ok: boolean) {
  const entry = report(action);
  entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
  if (ms !== null && ok) entry.samples.push(ms);
  if (!ok) entry.errors++;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request; the body is drained (kept only when asked, still compressed as
 * the server sent it). A GET that finds its kept-alive socket closed by the
 * server is sent again on a fresh one, as browsers do.
 */
async function send(
  agent: http.Agent | false,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; keep?: boolean; timeoutMs: number },
): Promise<Answer> {
  try {
    return await sendOnce(agent, url, options);
  } catch (error) {
    if (!(error instanceof StaleSocketError) || (options.method ?? "GET") !== "GET") throw error instanceof StaleSocketError ? error.cause : error;
    return sendOnce(agent, url, options);
  }
}

class StaleSocketError extends Error {}

function decoded(encoding: string | undefined, body: Buffer) {
  if (encoding === "gzip") return zlib.gunzipSync(body).toString("utf8");
  if (encoding === "br") return zlib.brotliDecompressSync(body).toString("utf8");
  if (encoding === "deflate") return zlib.inflateSync(body).toString("utf8");
  return body.toString("utf8");
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function sendOnce(
  agent: http.Agent | false,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; keep?: boolean; timeoutMs: number },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { agent, method: options.method ?? "GET", headers: { ...BROWSER_HEADERS, ...options.headers }, timeout: options.timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        if (options.keep) response.on("data", (chunk: Buffer) => chunks.push(chunk));
        else response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: options.keep ? decoded(response.headers["content-encoding"], Buffer.concat(chunks)) : "" }));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", (error) => reject(request.reusedSocket && "code" in error && error.code === "ECONNRESET" ? new StaleSocketError("stale", { cause: error }) : error));
    request.end(options.body);
  });
}

async function timed(action: Action, run: () => Promise<Answer>, okStatuses: number[] = [200]): Promise<Answer | null> {
  const started = now();
  try {
    const answer = await run();
    const ok = okStatuses.includes(answer.status);
    if (action === "move" && answer.status === 409) report("move").conflicts++;
    record(action, now() - started, answer.status, ok);
    return answer;
  } catch (error) {
    record(action, null, error instanceof Error ? error.message : "error", false);
    return null;
  }
}

/* ------------------------------- the team ------------------------------- */

let config: RunConfig;
let stopping = false;
/** Every lead's newest version and stage as the streams told them (the generator shares one view: it is one team). */
const leadState = new Map<string, { version: number; stageId: string }>();
/** When each move (lead id:new version) was sent, for delivery latency. */
const sentAt = new Map<string, number>();
const sims: Simulated[] = [];

class Simulated {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 5 });
  stream: http.ClientRequest | null = null;
  buffer = "";
  lastEventId: number;
  received = new Set<number>();
  reconnects = 0;
  filter = "";
  queued = new Set<string>();
  refreshing = false;
  gatherTimer: NodeJS.Timeout | null = null;
  timers: NodeJS.Timeout[] = [];
  /**
   * The cards this board holds and their versions, as the UI's state: a
   * teammate's move of a held card at the version before is applied from the
   * event alone (planLiveEvent), anything else asks for the card.
   */
  held = new Map<string, number>();

  constructor(readonly rep: Rep) {
    this.lastEventId = config.baseEventId;
  }

  private headers(extra: Record<string, string> = {}) {
    return { cookie: this.rep.cookie, ...extra };
  }

  async firstLoad() {
    const started = now();
    const page = await timed("firstDocument", () =>
      send(this.agent, `${config.url}/o/${config.slug}/board`, { headers: this.headers({ accept: "text/html" }), keep: true, timeoutMs: config.timeoutMs }),
    );
    if (!page || page.status !== 200) return record("firstLoad", null, page?.status ?? "error", false);
    for (const [, id, version] of page.body.matchAll(/data-lead-id="([^"]+)" data-version="(\d+)"/g)) this.held.set(id, Number(version));
    const streamStarted = now();
    const opened = await this.openStream();
    record("streamOpen", opened ? now() - streamStarted : null, opened ? 200 : "refused", opened);
    record("firstLoad", opened ? now() - started : null, opened ? 200 : "refused", opened);
  }

  /** The board's event stream from the last id seen (the page's `lastEventId`, then the browser's Last-Event-ID). */
  openStream(): Promise<boolean> {
    return new Promise((resolve) => {
      const request = http.get(
        `${config.url}/o/${config.slug}/events?lastEventId=${this.lastEventId}`,
        { agent: false, headers: { ...BROWSER_HEADERS, ...this.headers({ accept: "text/event-stream", "last-event-id": String(this.lastEventId) }) } },
        (response) => {
          if (response.statusCode !== 200 || response.headers["content-encoding"]) {
            response.resume();
            return resolve(false);
          }
          response.setEncoding("utf8");
          let first = true;
          response.on("data", (chunk: string) => {
            if (first) {
              first = false;
              resolve(true);
            }
            this.read(chunk);
          });
          response.on("end", () => this.dropped());
          response.on("error", () => this.dropped());
        },
      );
      request.on("error", () => resolve(false));
      this.stream = request;
    });
  }

  private dropped() {
    if (stopping) return;
    this.reconnects++;
    this.buffer = "";
    // The browser waits the stream's `retry` before coming back.
    setTimeout(() => void this.openStream(), 2_000);
  }

  private read(chunk: string) {
    const at = now();
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf("\n\n")) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      if (!frame.startsWith("id: ")) continue; // retry, ping, presence: not sequenced
      const id = Number(frame.slice(4, frame.indexOf("\n")));
      if (id <= this.lastEventId) continue;
      this.lastEventId = id;
      if (!frame.includes("\nevent: lead.")) continue;
      this.received.add(id);
      const data = JSON.parse(frame.slice(frame.indexOf("\ndata: ") + 7)) as LeadEventFrame;
      const sent = sentAt.get(`${data.leadId}:${data.version}`);
      if (sent !== undefined) record("event", at - sent, 200, true);
      const known = leadState.get(data.leadId);
      if (Number.isFinite(data.version) && (!known || data.version > known.version)) {
        leadState.set(data.leadId, { version: data.version, stageId: data.toStageId ?? known?.stageId ?? "" });
      }
      // Our own change is already on screen; a teammate's goes through the board's plan (planLiveEvent).
      if (data.actor?.id === this.rep.userId || !config.cardRefresh) continue;
      this.planTeammateChange(data, frame.includes("\nevent: lead.moved\n"));
    }
  }

  /** As the board: a held card one version behind, or a carried card its filters decide, needs no request. */
  private planTeammateChange(data: LeadEventFrame, isMove: boolean) {
    const held = this.held.get(data.leadId);
    // Already shown: a data answer read after the change brought this version.
    if (held !== undefined && held >= data.version) return;
    if (isMove && held === data.version - 1) return void this.held.set(data.leadId, data.version);
    if (isMove && data.card && held === undefined) {
      let selected = cardMatchesFilters(data.card, new URLSearchParams(this.filter), this.rep.userId, data.search);
      if (selected === null && data.fromStageId && this.fullyLoaded(data.fromStageId) && !this.queued.has(data.leadId)) selected = false;
      if (selected === true) this.held.set(data.leadId, data.version);
      if (selected !== null) return;
    }
    this.requestCard(data.leadId);
  }

  /** A column shows every card its filters select when the board holds fewer than a first page of them. */
  private fullyLoaded(stageId: string) {
    let held = 0;
    for (const leadId of this.held.keys()) if (leadState.get(leadId)?.stageId === stageId) held++;
    return held < BOARD_FIRST_PAGE;
  }

  private requestCard(leadId: string) {
    this.queued.add(leadId);
    if (!this.refreshing && !this.gatherTimer) this.gatherTimer = setTimeout(() => void this.refresh(), GATHER_MS);
  }

  private async refresh() {
    this.gatherTimer = null;
    if (this.queued.size === 0) return;
    this.refreshing = true;
    const ids = [...this.queued].slice(0, 200);
    for (const id of ids) this.queued.delete(id);
    const search = new URLSearchParams(this.filter);
    search.set("ids", ids.join(","));
    const answer = await timed("cards", () =>
      send(this.agent, `${config.url}/o/${config.slug}/board/cards?${search}`, { headers: this.headers({ accept: "*/*" }), timeoutMs: config.timeoutMs }),
    );
    if (!answer || answer.status !== 200) for (const id of ids) this.queued.add(id);
    else for (const id of ids) this.held.set(id, leadState.get(id)?.version ?? 0);
    this.refreshing = false;
    if (this.queued.size && !stopping) this.gatherTimer = setTimeout(() => void this.refresh(), answer?.status === 200 ? 0 : 1_000);
  }

  /** Each activity on its own clock: first at a random point of its period, then every period ± 50 %. */
  startSteadyState(until: number) {
    const every = (meanS: number, act: () => Promise<unknown>) => {
      const next = (delay: number) => {
        if (now() + delay >= until) return;
        this.timers.push(
          setTimeout(async () => {
            await act();
            next(jitter(meanS * 1000));
          }, delay),
        );
      };
      next(Math.random() * meanS * 1000);
    };
    every(config.leadEveryS, () => this.openLead());
    every(config.filterEveryS, () => this.applyFilter());
    every(config.moveEveryS, () => this.move());
  }

  /** A lead's page, as a document (opened from the board in its own tab: the board keeps its stream). */
  openLead() {
    const leadId = config.leadIds[Math.floor(Math.random() * config.leadIds.length)];
    return timed("lead", () =>
      send(this.agent, `${config.url}/o/${config.slug}/leads/${leadId}`, { headers: this.headers({ accept: "text/html" }), timeoutMs: config.timeoutMs }),
    );
  }

  /** A filter change: the board's GET navigation (search changes, so every matched loader runs). */
  async applyFilter() {
    const choices = FILTERS.filter((filter) => filter !== this.filter);
    const filter = choices[Math.floor(Math.random() * choices.length)];
    const answer = await timed("filter", () =>
      send(this.agent, `${config.url}/o/${config.slug}/board.data${filter ? `?${filter}` : ""}`, {
        headers: this.headers({ accept: "*/*" }),
        keep: true,
        timeoutMs: config.timeoutMs,
      }),
    );
    if (answer?.status === 200) {
      this.filter = filter;
      this.holdFrom(answer.body);
    }
  }

  /** What a board data answer holds: the leads it names, at the versions last seen on the stream. */
  private holdFrom(body: string) {
    this.held.clear();
    for (const [id] of body.matchAll(UUID)) {
      const known = leadState.get(id);
      if (known) this.held.set(id, known.version);
    }
  }

  /** A drag of one of the rep's own cards: claim, drop (move + release), then the layouts revalidate. */
  async move() {
    const own = this.rep.leads[Math.floor(Math.random() * this.rep.leads.length)];
    if (!own) return;
    const state = leadState.get(own.id) ?? { version: own.version, stageId: own.stageId };
    const targets = config.stageIds.filter((id) => id !== state.stageId);
    const toStageId = targets[Math.floor(Math.random() * targets.length)];
    const presence = (intent: string) =>
      timed("presence", () =>
        send(this.agent, `${config.url}/o/${config.slug}/presence`, {
          method: "POST",
          headers: this.headers({ "content-type": "application/x-www-form-urlencoded", origin: config.url, accept: "application/json" }),
          body: new URLSearchParams({ intent, leadId: own.id }).toString(),
          timeoutMs: config.timeoutMs,
        }),
      );
    if (config.presence) {
      await presence("drag-start");
      await sleep(300 + Math.random() * 900);
    }
    sentAt.set(`${own.id}:${state.version + 1}`, now());
    const moved = timed(
      "move",
      () =>
        send(this.agent, `${config.url}/o/${config.slug}/board.data`, {
          method: "POST",
          headers: this.headers({ "content-type": "application/x-www-form-urlencoded", origin: config.url, accept: "*/*" }),
          body: new URLSearchParams({ intent: "move", leadId: own.id, toStageId, afterLeadId: "", version: String(state.version) }).toString(),
          timeoutMs: config.timeoutMs,
        }),
      [200, 409],
    );
    const released = config.presence ? presence("drag-end") : null;
    const answer = await moved;
    await released;
    if (answer?.status === 200) {
      const known = leadState.get(own.id);
      if (!known || known.version <= state.version) leadState.set(own.id, { version: state.version + 1, stageId: toStageId });
      const revalidated = await timed("revalidate", () =>
        send(this.agent, `${config.url}/o/${config.slug}/board.data?${AFTER_ACTION_ROUTES}`, { headers: this.headers({ accept: "*/*" }), keep: true, timeoutMs: config.timeoutMs }),
      );
      if (revalidated?.status === 200) this.holdFrom(revalidated.body);
    }
  }

  idle() {
    return !this.refreshing && !this.gatherTimer && this.queued.size === 0;
  }

  close() {
    for (const timer of this.timers) clearTimeout(timer);
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    this.stream?.destroy();
    this.agent.destroy();
  }
}

/* --------------------------------- phases -------------------------------- */

async function logins(message: { url: string; emails: string[]; password: string; timeoutMs: number }) {
  const cookies: Record<string, string> = {};
  const started = now();
  await Promise.all(
    message.emails.map(async (email) => {
      const answer = await timed(
        "login",
        () =>
          send(false, `${message.url}/login`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", origin: message.url, accept: "text/html" },
            body: new URLSearchParams({ email, password: message.password }).toString(),
            timeoutMs: message.timeoutMs,
          }),
        [302],
      );
      const cookie = answer?.headers["set-cookie"]?.map((c) => c.split(";")[0]).join("; ");
      if (answer?.status === 302 && cookie) cookies[email] = cookie;
    }),
  );
  const totalMs = now() - started;
  return { login: report("login"), totalMs, cookies };
}

async function run(message: RunConfig) {
  config = message;
  for (const rep of config.reps) sims.push(new Simulated(rep));
  // Every lead at its seeded version, so a board knows the cards a data answer names.
  for (const rep of config.reps) for (const lead of rep.leads) if (!leadState.has(lead.id)) leadState.set(lead.id, { version: lead.version, stageId: lead.stageId });

  const started = now();
  await Promise.all(
    sims.map(async (sim, i) => {
      if (config.rampS > 0) await sleep((i / sims.length) * config.rampS * 1000);
      await sim.firstLoad();
    }),
  );
  const firstLoadsMs = now() - started;
  await sleep(1_000);

  const steadyStarted = now();
  const until = steadyStarted + config.durationS * 1000;
  for (const sim of sims) sim.startSteadyState(until);
  await sleep(config.durationS * 1000);
  // Let the last actions and the refreshes they caused finish (bounded).
  const drainUntil = now() + 30_000;
  await sleep(3_000);
  while (now() < drainUntil && !sims.every((sim) => sim.idle())) await sleep(200);
  await sleep(2_000);
  const steadyMs = now() - steadyStarted;
  return { firstLoadsMs, steadyMs, reports: Object.fromEntries(reports), cpu: process.cpuUsage() };
}

function check(ids: number[]) {
  stopping = true;
  let missed = 0;
  let incomplete = 0;
  for (const sim of sims) {
    const lost = ids.filter((id) => !sim.received.has(id)).length;
    missed += lost;
    if (lost) incomplete++;
  }
  const result = { missed, incompleteStreams: incomplete, streams: sims.length, reconnects: sims.reduce((sum, sim) => sum + sim.reconnects, 0) };
  for (const sim of sims) sim.close();
  return result;
}

process.on("message", async (message: { cmd: string } & Record<string, unknown>) => {
  if (message.cmd === "logins") process.send!(await logins(message as unknown as Parameters<typeof logins>[0]));
  else if (message.cmd === "run") process.send!(await run(message as unknown as RunConfig));
  else if (message.cmd === "check") process.send!(check(message.ids as number[]));
});
