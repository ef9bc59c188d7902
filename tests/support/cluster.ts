export const TEMPLATE_DATABASE = "loved_template";

export const TEST_PASSWORDS = { superuser: "test-superuser", owner: "test-owner", app: "test-app" };

export const TEST_SECRETS = {
  NODE_ENV: "test",
  // Quiet unless a test reads the logs (tests/support/logs.ts) or a spawned process's output.
  LOG_LEVEL: "silent",
  SESSION_SECRET: "test-session-secret-that-is-long-enough-0123456789",
  ENCRYPTION_KEY: "0".repeat(64),
};

export interface TestCluster {
  port: number;
  tmpDir: string;
}

export function databaseUrl(cluster: TestCluster, role: "superuser" | "owner" | "app", database: string) {
  const user = role === "superuser" ? "postgres" : role === "owner" ? "loved_owner" : "loved_app";
  return `postgres://${user}:${TEST_PASSWORDS[role]}@127.0.0.1:${cluster.port}/${database}`;
}
