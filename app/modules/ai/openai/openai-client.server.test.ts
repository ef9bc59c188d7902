import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAIError } from "openai";
import { describe, expect, it } from "vitest";
import { describeOpenAiError, isProviderFailure, OpenAiDeadlineError, withDeadline } from "./openai-client.server";

const KEY = "sk-proj-Secret123Key";
const apiError = (status: number, error: object) => APIError.generate(status, { error }, undefined, new Headers());

describe("describeOpenAiError", () => {
  it.each([
    ["a timeout, in seconds", new APIConnectionTimeoutError(), "timeout after 10 s"],
    ["the overall deadline", new OpenAiDeadlineError(32_000), "timeout after 32 s (all attempts)"],
    ["a refused connection, with its code", new APIConnectionError({ cause: Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }) }), "network error (ECONNREFUSED)"],
    ["a connection error without a code", new APIConnectionError({ message: `could not reach https://user:${KEY}@proxy` }), "network error"],
    ["a rate limit", apiError(429, { message: "Rate limit reached", code: "rate_limit_exceeded", type: "requests" }), "HTTP 429 rate limited (rate_limit_exceeded)"],
    ["a wrong key", apiError(401, { message: `Incorrect API key provided: ${KEY}.`, code: "invalid_api_key" }), "HTTP 401 unauthorized (invalid_api_key)"],
    ["a server error", apiError(500, { message: "The server had an error", code: null }), "HTTP 500"],
    ["a code that is not an identifier", apiError(400, { message: "bad", code: `use ${KEY}` }), "HTTP 400 bad request"],
    ["an abort", new APIUserAbortError(), "aborted"],
    ["a body that is not JSON", new SyntaxError("Unexpected token < in JSON"), "invalid response: not JSON"],
    ["another client error", new OpenAIError(`Missing credentials ${KEY}`), "client error"],
  ])("%s", (_name, error, reason) => {
    const described = describeOpenAiError(error, 10_000);
    expect(described).toBe(reason);
    expect(described).not.toContain(KEY);
  });

  it("says fractions of a second as such", () => {
    expect(describeOpenAiError(new APIConnectionTimeoutError(), 300)).toBe("timeout after 0.3 s");
  });
});

describe("isProviderFailure", () => {
  it("is true for the client's errors and the deadline, false for a bug of ours", () => {
    expect(isProviderFailure(apiError(500, {}))).toBe(true);
    expect(isProviderFailure(new OpenAiDeadlineError(1))).toBe(true);
    expect(isProviderFailure(new TypeError("cannot read properties of undefined"))).toBe(false);
  });
});

describe("withDeadline", () => {
  it("answers what the call answers in time", async () => {
    await expect(withDeadline(1_000, async () => "done")).resolves.toBe("done");
  });

  it("gives up at the deadline and aborts the call", async () => {
    let signal: AbortSignal | undefined;
    const started = performance.now();
    await expect(
      withDeadline(50, (given) => {
        signal = given;
        return new Promise(() => undefined);
      }),
    ).rejects.toBeInstanceOf(OpenAiDeadlineError);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(signal?.aborted).toBe(true);
  });
});
