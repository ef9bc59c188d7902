import { z } from "zod";

const booleanish = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Address web listens on; unset means every interface (`npm start` on the embedded defaults sets 127.0.0.1). */
  HOST: z.string().min(1).optional(),
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
  LOG_QUERIES: booleanish.default(false),
  /** Express "trust proxy": set to the number of proxies in front of the web nodes (or true) behind a load balancer. */
  TRUST_PROXY: z
    .string()
    .default("false")
    .transform((value) => (value === "true" ? true : value === "false" ? false : Number(value)))
    .pipe(z.union([z.boolean(), z.number().int().min(0)])),
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
