/**
 * What the browser knows about AI summaries (browser-safe: the lead page, the
 * card and the settings page read these). The schema that validates a
 * summary lives in `~/modules/ai/summary-output.server`.
 */
export const AI_PROVIDERS = ["openai", "local"] as const;
export type AiProvider = (typeof AI_PROVIDERS)[number];

export const AI_SUMMARY_STATUSES = ["succeeded", "failed"] as const;
export type AiSummaryStatus = (typeof AI_SUMMARY_STATUSES)[number];

/** Who asked: a change to the conversation (debounced) or a person ("Resumir agora"). */
export const AI_SUMMARY_TRIGGERS = ["auto", "manual"] as const;
export type AiSummaryTrigger = (typeof AI_SUMMARY_TRIGGERS)[number];

export const AI_SENTIMENTS = ["positive", "neutral", "negative"] as const;
export type AiSentiment = (typeof AI_SENTIMENTS)[number];

export const AI_USAGE_KINDS = ["summary", "transcription"] as const;
export type AiUsageKind = (typeof AI_USAGE_KINDS)[number];

/** The fields of a summary a person may accept onto the lead (the stage goes through the ordinary move). */
export const SUGGESTION_FIELDS = ["stage", "company", "email", "budget", "deadline"] as const;
export type SuggestionField = (typeof SUGGESTION_FIELDS)[number];

/** A call recording's transcript: pending while the provider works, unavailable without a key or with AI off. */
export const TRANSCRIPT_STATES = ["pending", "done", "failed", "unavailable"] as const;
export type TranscriptState = (typeof TRANSCRIPT_STATES)[number];

/** Provider summaries an organization may request per calendar month unless an admin changes it (the Pro plan's figure). */
export const DEFAULT_AI_MONTHLY_LIMIT = 100;
export const MAX_AI_MONTHLY_LIMIT = 100_000;

/** One analysis as the lead page shows it (the newest first, then its history). */
export interface SummaryView {
  id: string;
  status: AiSummaryStatus;
  provider: AiProvider;
  model: string;
  trigger: AiSummaryTrigger;
  createdAt: string;
  /** Why a failed attempt failed; null when it succeeded. */
  error: string | null;
  /** Null when it failed. */
  result: {
    summary: string;
    sentiment: AiSentiment;
    sentimentScore: number;
    intent: string;
    urgency: "low" | "medium" | "high";
    nextActions: { text: string; dueDate: string | null }[];
    /** Null when none, or when that stage is gone or archived since. */
    suggestedStage: { id: string; name: string; reason: string | null } | null;
    extracted: { company: string | null; email: string | null; budget: string | null; deadline: string | null };
  } | null;
  /** Suggestions someone accepted: field → who and when. */
  accepted: Partial<Record<SuggestionField, { by: string | null; at: string }>>;
}

/** The AI panel of a lead page: whether AI runs, on what, and what it said. */
export interface LeadAiPanel {
  enabled: boolean;
  provider: AiProvider;
  /** A change is waiting for its summary (the debounce, or a "Resumir agora" in the queue). */
  pending: boolean;
  /** The month's provider summaries are spent: automatic ones stopped, "Resumir agora" answers 429. */
  limitReached: boolean;
  summaries: SummaryView[];
}
