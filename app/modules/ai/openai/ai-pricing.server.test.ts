import { describe, expect, it } from "vitest";
import { estimateCostBrl, estimateTranscriptionCostBrl } from "./ai-pricing.server";

const RATE = 5;

describe("estimateCostBrl", () => {
  it.each([
    ["gpt-4o-mini", 0.15, 0.6],
    ["gpt-4o", 2.5, 10],
    ["gpt-4.1-nano", 0.1, 0.4],
    ["gpt-4.1-mini", 0.4, 1.6],
    ["gpt-4.1", 2, 8],
    ["gpt-5-mini", 0.25, 2],
  ])("%s: a million tokens each way cost input + output prices, in reais", (model, input, output) => {
    expect(estimateCostBrl(model, { inputTokens: 1_000_000, outputTokens: 0 }, RATE)).toBeCloseTo(input * RATE, 6);
    expect(estimateCostBrl(model, { inputTokens: 0, outputTokens: 1_000_000 }, RATE)).toBeCloseTo(output * RATE, 6);
  });

  it("prices a typical summary to the sixth decimal instead of rounding it to zero", () => {
    // (1_500 × 0.15 + 250 × 0.6) / 1M USD = 0.000375 USD → 0.001875 BRL at 5.
    expect(estimateCostBrl("gpt-4o-mini", { inputTokens: 1_500, outputTokens: 250 }, RATE)).toBe(0.001875);
  });

  it("prices a dated snapshot as its model, the longest known name first", () => {
    expect(estimateCostBrl("gpt-4o-mini-2024-07-18", { inputTokens: 1_000_000, outputTokens: 0 }, RATE)).toBeCloseTo(0.15 * RATE, 6);
    expect(estimateCostBrl("gpt-4o-2024-08-06", { inputTokens: 1_000_000, outputTokens: 0 }, RATE)).toBeCloseTo(2.5 * RATE, 6);
    expect(estimateCostBrl("gpt-4.1-mini-2025-04-14", { inputTokens: 1_000_000, outputTokens: 0 }, RATE)).toBeCloseTo(0.4 * RATE, 6);
  });

  it("knows nothing about other models, nor about variants that are not dates", () => {
    expect(estimateCostBrl("o3", { inputTokens: 1000, outputTokens: 1000 }, RATE)).toBeNull();
    expect(estimateCostBrl("gpt-4o-mini-transcribe", { inputTokens: 1000, outputTokens: 1000 }, RATE)).toBeNull();
    expect(estimateCostBrl("gpt-4o-audio-preview", { inputTokens: 1000, outputTokens: 1000 }, RATE)).toBeNull();
    expect(estimateCostBrl("my-finetune", { inputTokens: 1000, outputTokens: 1000 }, RATE)).toBeNull();
  });

  it("uses the rate it is given", () => {
    expect(estimateCostBrl("gpt-4o", { inputTokens: 1_000_000, outputTokens: 0 }, 6)).toBeCloseTo(15, 6);
  });
});

describe("estimateTranscriptionCostBrl", () => {
  it.each([
    ["gpt-4o-mini-transcribe", 0.003],
    ["gpt-4o-transcribe", 0.006],
    ["whisper-1", 0.006],
  ])("%s: per minute of audio", (model, perMinute) => {
    expect(estimateTranscriptionCostBrl(model, 60, RATE)).toBeCloseTo(perMinute * RATE, 6);
    expect(estimateTranscriptionCostBrl(model, 30, RATE)).toBeCloseTo((perMinute * RATE) / 2, 6);
  });

  it("prices a dated transcriber as its model and knows no others", () => {
    expect(estimateTranscriptionCostBrl("gpt-4o-mini-transcribe-2025-12-15", 60, RATE)).toBeCloseTo(0.015, 6);
    expect(estimateTranscriptionCostBrl("gpt-4o-mini", 60, RATE)).toBeNull();
  });

  it("refuses a length that is not one", () => {
    expect(estimateTranscriptionCostBrl("whisper-1", Number.NaN, RATE)).toBeNull();
    expect(estimateTranscriptionCostBrl("whisper-1", -1, RATE)).toBeNull();
  });
});
