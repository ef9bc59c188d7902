import { isIP } from "node:net";
import os from "node:os";
import { z } from "zod";

const booleanish = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

/** An address or CIDR block ("10.0.0.0/8", "fd00::/8") or one of Express's names for private ranges. */
function isProxyAddress(entry: string) {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * Express "trust proxy": false (clients connect directly), the number of
 * proxies in front of the web nodes, or their addresses/CIDRs. `true` would
 * believe any client's X-Forwarded-For, so it is refused.
 */
const trustProxy = z
  .string()
  .trim()
  .default("false")
  .transform((value, ctx): false | number | string[] => {
    if (value === "false" || value === "") return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(",").map((entry) => entry.trim());
    const invalid = value === "true" ? [] : entries.filter((entry) => !isProxyAddress(entry));
    if (value !== "true" && !invalid.length) return entries;
    ctx.addIssue({
      code: "custom",
      message:
        value === "true"
          ? "true would trust every client's X-Forwarded-For; set the number of proxies in front of the web nodes (e.g. 1) or their addresses (e.g. 10.0.0.0/8,127.0.0.1)"
          : `not a proxy address or CIDR: ${invalid.join(", ")}; set false, a number of proxies, or a comma-separated list of addresses/CIDRs`,
    });
    return z.NEVER;
  });
export type TrustProxy = z.output<typeof trustProxy>;

/** pino's levels; "silent" writes nothing (the test suite runs so unless a test reads the logs). */
const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");

/**
 * Web processes `npm start` runs on one port (ADR 015). They share it through
 * SO_REUSEPORT: Node refuses it on macOS and Windows, and Linux is where the
 * project runs and is tested, so other platforms get one. Two by default (one
 * on a one-core machine): on the small machines `npm start` is for, PostgreSQL
 * and the worker need the other cores, and each process holds its own
 * database pool and copy of the server bundle.
 */
const webProcesses = z.coerce
  .number()
  .int()
  .min(1)
  .max(64)
  .refine((count) => count === 1 || process.platform === "linux", "more than 1 needs Linux (SO_REUSEPORT balancing)")
  .default(process.platform === "linux" ? Math.min(os.availableParallelism(), 2) : 1);

const schema = z.object({
  /** "development" (set by `npm run dev`) shows error details in responses; anything else logs them only. */
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Address web listens on; unset means every interface (`npm start` on the embedded defaults sets 127.0.0.1). */
  HOST: z.string().min(1).optional(),
  WEB_PROCESSES: webProcesses,
  APP_URL: z.url().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  DATABASE_OWNER_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters"),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, "must be 64 hex characters (32 bytes)"),
  DATA_DIR: z.string().default(".data"),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
  MAIL_FROM: z.string().default("Loved CRM <no-reply@loved.test>"),
  /** Realtime fan-out across web nodes; without it, PostgreSQL LISTEN/NOTIFY carries the events. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").optional(),
  /** File whose age tells a container health check the worker is alive. [DATA_DIR/worker-heartbeat] */
  WORKER_HEARTBEAT_FILE: z.string().min(1).optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(5),
  /** How long a lead's conversation must stay quiet before it is summarized: a burst of messages makes one summary. */
  AI_SUMMARY_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  /** The longest a steady conversation waits for a summary after its first unsummarized change, however often it changes. */
  AI_SUMMARY_MAX_WAIT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** What one summary may send (≈ 4 characters a token), newest entries first; the previous summary stands in for the rest. */
  AI_SUMMARY_INPUT_TOKENS: z.coerce.number().int().min(500).max(100_000).default(6_000),
  /** Rows one retention batch handles in one short transaction: small enough that nothing else waits on it. */
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
  /** Where the WhatsApp Cloud API (Meta Graph) answers; tests point it at a loopback fake. */
  WHATSAPP_GRAPH_URL: z.url().default("https://graph.facebook.com"),
  WHATSAPP_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, "must look like v21.0")
    .default("v21.0"),
  /**
   * The loopback Graph stand-in `npm start` runs on the embedded defaults when
   * WHATSAPP_GRAPH_URL is not set: demo connections talk to it, real ones never.
   */
  WHATSAPP_STAND_IN_URL: z.url().optional(),
  /** Where Twilio's REST API answers (the twilio client's requests are rewritten to it); tests point it at a loopback fake. */
  TWILIO_API_URL: z.url().default("https://api.twilio.com"),
  /**
   * The loopback Twilio stand-in `npm start` runs on the embedded defaults when
   * TWILIO_API_URL is not set: demo connections talk to it, real ones never.
   */
  TWILIO_STAND_IN_URL: z.url().optional(),
  /**
   * With a key, AI summaries and call transcripts go through the official
   * `openai` client; without one, summaries come from the local analyzer. The
   * base URL lets tests and `npm run openai:fake` point the same client at a
   * loopback stand-in.
   */
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().default("https://api.openai.com/v1"),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  OPENAI_TRANSCRIPTION_MODEL: z.string().min(1).default("gpt-4o-mini-transcribe"),
  /** Per attempt (the client retries timeouts too); a summary job waiting longer holds a worker slot for nothing. */
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Exchange rate for the estimated cost shown in BRL; an estimate, never billing. */
  AI_BRL_PER_USD: z.coerce.number().positive().default(5.4),
  /**
   * The S3-protocol storage files go to. Unset only where nothing stores files:
   * `npm start` fills it in with its embedded server, and the first read or
   * write without it fails naming it (getStorage).
   */
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3–63 lowercase letters, digits, dots, hyphens)")
    .default("loved-crm"),
  /** Both or neither: without them the SDK's default chain (an instance or task role) supplies credentials. */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (endpoint/bucket/key); self-hosted servers need them, so they default on whenever S3_ENDPOINT is set. */
  S3_FORCE_PATH_STYLE: booleanish.optional(),
  /**
   * Downloads answered by a redirect to a 60-second presigned URL instead of
   * streaming through the web process. Only for storage that verifies
   * signatures: the embedded server does not, so a URL there would be a key
   * to every file.
   */
  S3_PRESIGNED_DOWNLOADS: booleanish.default(false),
  /**
   * Tests only: a file holding `{"offsetMs": N}` that moves the app's clock
   * (`now()`) for web and worker alike, so periods of days pass without
   * sleeping. Refused in production.
   */
  CLOCK_FILE: z.string().min(1).optional(),
  LOG_QUERIES: booleanish.default(false),
  LOG_LEVEL: logLevel,
  TRUST_PROXY: trustProxy,
}).refine((env) => !env.S3_ACCESS_KEY_ID === !env.S3_SECRET_ACCESS_KEY, {
  message: "set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither",
  path: ["S3_SECRET_ACCESS_KEY"],
}).refine((env) => !env.CLOCK_FILE || env.NODE_ENV !== "production", {
  message: "a moved clock is for tests; unset CLOCK_FILE in production",
  path: ["CLOCK_FILE"],
});

export type Env = z.infer<typeof schema>;

const cache = globalThis as typeof globalThis & { __lovedEnv?: Env };

/** Parses the environment once; a bad value stops the process with every problem listed. */
export function getEnv(): Env {
  if (cache.__lovedEnv) return cache.__lovedEnv;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  cache.__lovedEnv = parsed.data;
  return parsed.data;
}

/**
 * LOG_LEVEL alone, read without the rest: the logger must work before the
 * environment is known to be valid (to report that it is not). A bad value
 * means "info" here and is reported by getEnv().
 */
export function getLogLevel(): z.output<typeof logLevel> {
  const parsed = logLevel.safeParse(process.env.LOG_LEVEL);
  return parsed.success ? parsed.data : "info";
}

/** Forget the parsed environment (tests point a fresh process env at their own database). */
export function resetEnv() {
  delete cache.__lovedEnv;
}

/** The only values the browser ever sees. */
export function getClientEnv() {
  const env = getEnv();
  return { MODE: env.NODE_ENV };
}
export type ClientEnv = ReturnType<typeof getClientEnv>;

export function getOwnerDatabaseUrl(env: Env = getEnv()) {
  return env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
}
