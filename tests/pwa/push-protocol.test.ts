import { createPrivateKey, sign } from "node:crypto";
import webPush from "web-push";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPushServiceFake, type PushServiceFake } from "~/server/push-service-fake";
import { createPushSubscriber } from "../support/push-subscriber";

/**
 * The real `web-push` client against the loopback push service: the fake
 * checks VAPID as a push service does, and the subscriber's keys decrypt
 * exactly what was sent, so later push tests can trust both.
 */
describe("Web Push against the loopback push service", () => {
  let fake: PushServiceFake;
  const vapid = webPush.generateVAPIDKeys();
  const vapidDetails = { subject: "mailto:push@loved-crm.test", publicKey: vapid.publicKey, privateKey: vapid.privateKey };

  /** A VAPID header signed with the right key over claims the test chooses. */
  function vapidHeader(claims: Record<string, unknown>): string {
    const point = Buffer.from(vapid.publicKey, "base64url");
    const key = createPrivateKey({
      key: { kty: "EC", crv: "P-256", d: vapid.privateKey, x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") },
      format: "jwk",
    });
    const unsigned = [{ typ: "JWT", alg: "ES256" }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString("base64url")).join(".");
    const signature = sign("sha256", Buffer.from(unsigned), { key, dsaEncoding: "ieee-p1363" }).toString("base64url");
    return `vapid t=${unsigned}.${signature}, k=${vapid.publicKey}`;
  }

  beforeAll(async () => {
    fake = await startPushServiceFake();
  });
  afterAll(async () => {
    await fake.close();
  });

  it("receives an aes128gcm message with a verified VAPID JWT that the subscription's keys decrypt", async () => {
    const subscriber = createPushSubscriber(fake.newEndpoint());
    const payload = JSON.stringify({ title: "Olá, João 👋", body: "Novo lead: Padaria Pão Quente — ação necessária" });

    const result = await webPush.sendNotification(subscriber.subscription, payload, { vapidDetails, TTL: 3600, urgency: "high", agent: fake.agent });

    expect(result.statusCode).toBe(201);
    expect(result.headers.location).toMatch(new RegExp(`^${fake.origin}/message/\\d+$`));
    expect(fake.received).toHaveLength(1);
    const [push] = fake.received;
    expect(push.subscriptionId).toBe(new URL(subscriber.subscription.endpoint).pathname.split("/").at(-1));
    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(push.ttl).toBe(3600);
    expect(push.urgency).toBe("high");
    expect(push.vapid).toMatchObject({ aud: fake.origin, sub: "mailto:push@loved-crm.test", publicKey: vapid.publicKey });
    expect(push.vapid.exp).toBeGreaterThan(Date.now() / 1000);
    expect(push.vapid.exp).toBeLessThanOrEqual(Date.now() / 1000 + 24 * 60 * 60);
    expect(subscriber.decrypt(push.body)).toBe(payload);
  });

  it("decrypts every message of a subscription, up to a 3.4 kB one, byte for byte", async () => {
    const subscriber = createPushSubscriber(fake.newEndpoint());
    const payloads = ["primeiro", "Olá, João 👋 ".repeat(200)];
    for (const payload of payloads) await webPush.sendNotification(subscriber.subscription, payload, { vapidDetails, TTL: 60, agent: fake.agent });

    const bodies = fake.received.filter((push) => subscriber.subscription.endpoint.endsWith(`/${push.subscriptionId}`)).map((push) => push.body);
    expect(bodies.map((body) => subscriber.decrypt(body))).toEqual(payloads);
  });

  it("refuses a JWT signed by a key other than the one it names", async () => {
    const subscriber = createPushSubscriber(fake.newEndpoint());
    const other = webPush.generateVAPIDKeys();
    const before = fake.received.length;

    const refusal = await webPush
      .sendNotification(subscriber.subscription, "forjado", { vapidDetails: { ...vapidDetails, privateKey: other.privateKey }, TTL: 60, agent: fake.agent })
      .then(
        () => null,
        (error: unknown) => error,
      );

    expect(refusal).toBeInstanceOf(webPush.WebPushError);
    expect([401, 403]).toContain((refusal as InstanceType<typeof webPush.WebPushError>).statusCode);
    expect(fake.refused.at(-1)).toMatchObject({ status: 403, reason: "JWT signature does not match k" });
    expect(fake.received).toHaveLength(before);
  });

  it.each([
    ["another origin as aud", { aud: "https://fcm.googleapis.com" }, "aud is not"],
    ["an exp more than 24 hours ahead", { exp: Math.floor(Date.now() / 1000) + 25 * 60 * 60 }, "exp more than 24 hours ahead"],
    ["an exp in the past", { exp: Math.floor(Date.now() / 1000) - 60 }, "JWT expired"],
    ["a sub that is neither mailto: nor https:", { sub: "push@loved-crm.test" }, "sub is not mailto: or https:"],
  ])("refuses a correctly signed JWT with %s", async (_, override, reason) => {
    const subscriber = createPushSubscriber(fake.newEndpoint());
    const claims = { aud: fake.origin, exp: Math.floor(Date.now() / 1000) + 12 * 60 * 60, sub: "mailto:push@loved-crm.test", ...override };

    await expect(
      webPush.sendNotification(subscriber.subscription, "reivindicação", { TTL: 60, agent: fake.agent, headers: { Authorization: vapidHeader(claims) } }),
    ).rejects.toMatchObject({ statusCode: 403 });
    expect(fake.refused.at(-1)?.reason).toContain(reason);
  });

  it("accepts the same hand-signed JWT when its claims are right", async () => {
    const subscriber = createPushSubscriber(fake.newEndpoint());
    const claims = { aud: fake.origin, exp: Math.floor(Date.now() / 1000) + 12 * 60 * 60, sub: "https://loved-crm.test" };

    const result = await webPush.sendNotification(subscriber.subscription, "certo", { TTL: 60, agent: fake.agent, headers: { Authorization: vapidHeader(claims) } });

    expect(result.statusCode).toBe(201);
    expect(subscriber.decrypt(fake.received.at(-1)?.body ?? Buffer.alloc(0))).toBe("certo");
  });

  it.each([410, 404] as const)("answers %i for a subscription that is gone, and web-push rejects with that status", async (status) => {
    const subscriber = createPushSubscriber(fake.newEndpoint());
    await webPush.sendNotification(subscriber.subscription, "ainda aqui", { vapidDetails, TTL: 60, agent: fake.agent });
    fake.markGone(subscriber.subscription.endpoint, status);

    await expect(webPush.sendNotification(subscriber.subscription, "já foi", { vapidDetails, TTL: 60, agent: fake.agent })).rejects.toMatchObject({
      statusCode: status,
      endpoint: subscriber.subscription.endpoint,
    });
  });

  it("answers 429 with Retry-After when told to throttle, then accepts again", async () => {
    const subscriber = createPushSubscriber(fake.newEndpoint());
    fake.throttleNext(30);

    await expect(webPush.sendNotification(subscriber.subscription, "devagar", { vapidDetails, TTL: 60, agent: fake.agent })).rejects.toMatchObject({
      statusCode: 429,
      headers: expect.objectContaining({ "retry-after": "30" }) as unknown,
    });
    const accepted = await webPush.sendNotification(subscriber.subscription, "agora sim", { vapidDetails, TTL: 60, agent: fake.agent });
    expect(accepted.statusCode).toBe(201);
  });
});
