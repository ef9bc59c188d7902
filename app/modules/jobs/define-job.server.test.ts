import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob, jobSpec } from "./define-job.server";

const reminder = defineJob({
  name: "lead__remind_owner",
  payload: z.object({ organizationId: z.uuid(), leadId: z.uuid(), attempt: z.number().int().default(1) }),
  maxAttempts: 4,
  jobKey: (payload) => payload.leadId,
});

const organizationId = "0b7b7a4e-4a55-4d6f-9f3c-3c1f6f1a0001";
const leadId = "0b7b7a4e-4a55-4d6f-9f3c-3c1f6f1a0002";

describe("defineJob", () => {
  it("accepts only <entity>__<action> names in snake_case", () => {
    expect(reminder.name).toBe("lead__remind_owner");
    expect(() => defineJob({ name: "Lead__remind", payload: z.object({}) })).toThrow(/entity>__<action/);
    expect(() => defineJob({ name: "lead__remind-owner", payload: z.object({}) })).toThrow(/entity>__<action/);
    // @ts-expect-error a name without `__` does not compile either
    expect(() => defineJob({ name: "remind", payload: z.object({}) })).toThrow(/entity>__<action/);
  });

  it("cannot be changed once defined", () => {
    expect(Object.isFrozen(reminder)).toBe(true);
  });
});

describe("jobSpec", () => {
  it("stores the payload as the schema reads it, keyed per entity under the job's name, with the job's attempts", () => {
    expect(jobSpec(reminder, { organizationId, leadId })).toEqual({
      name: "lead__remind_owner",
      payload: { organizationId, leadId, attempt: 1 },
      jobKey: `lead__remind_owner:${leadId}`,
      runAt: null,
      maxAttempts: 4,
    });
  });

  it("leaves key and attempts to graphile-worker when the definition has none, and passes runAt", () => {
    const ping = defineJob({ name: "test__ping", payload: z.object({}) });
    const runAt = new Date("2026-11-29T13:00:00Z");
    expect(jobSpec(ping, {}, { runAt })).toEqual({ name: "test__ping", payload: {}, jobKey: null, runAt, maxAttempts: null });
  });

  it("refuses a payload the schema does not accept, before anything is queued", () => {
    expect(() => jobSpec(reminder, { organizationId, leadId: "not-a-uuid" })).toThrow(z.ZodError);
    // @ts-expect-error the payload must name the lead
    expect(() => jobSpec(reminder, { organizationId })).toThrow(z.ZodError);
  });
});
