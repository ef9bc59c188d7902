import { hash, verify } from "@node-rs/argon2";
import { message } from "~/i18n/catalogue";
import { DomainRefusal } from "./refusal.server";

/** argon2id at OWASP's recommended minimum: 19 MiB memory, 2 iterations, 1 lane. */
const ARGON2ID = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

// Each hash takes 19 MiB and a thread for tens of milliseconds: a flood of
// logins must not exhaust memory or starve everything else. A few run at once
// per process; a short queue waits; beyond it the request is refused at once.
const MAX_RUNNING = 4;
const MAX_WAITING = 16;
let running = 0;
const waiting: Array<() => void> = [];

/** Too many passwords are being hashed in this process right now; routes answer 503 with Retry-After. */
export class PasswordHashingBusyError extends DomainRefusal {
  constructor() {
    super(message("errors.busy"), { status: 503, retryAfterSeconds: 1 });
  }
}

async function withHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running < MAX_RUNNING) running++;
  else if (waiting.length < MAX_WAITING) await new Promise<void>((resolve) => waiting.push(resolve));
  else throw new PasswordHashingBusyError();
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, so `running` only drops when nobody waits.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export function hashPassword(password: string) {
  return withHashingSlot(() => hash(password, ARGON2ID));
}

export async function verifyPassword(passwordHash: string, password: string) {
  return withHashingSlot(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

// Verifying against a real hash when the account does not exist keeps
// response times from revealing which e-mails are registered.
let decoyHash: Promise<string> | undefined;
export async function verifyDecoyPassword(password: string) {
  decoyHash ??= hash("decoy-password-for-unknown-accounts", ARGON2ID);
  await verifyPassword(await decoyHash, password);
  return false;
}
