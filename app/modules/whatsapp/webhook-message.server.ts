import { z } from "zod";

// Bounds sit well above what WhatsApp sends (a text body is at most 4,096
// characters, a caption 1,024) so a real message always fits and a forged one
// cannot make the app store megabytes per field.
const id = z.string().min(1).max(256);
const shortText = z.string().max(1024);
const longText = z.string().max(8192);
/** wa_id: the sender's number as digits only, country code first. */
export const waId = z.string().regex(/^\d{5,20}$/);
/** Unix seconds as Meta sends them (a string of digits; a number is read too) → Date. */
export const unixSeconds = z
  .union([z.string().regex(/^\d{1,12}$/), z.number().int().min(0).max(1e12)])
  .transform((seconds) => new Date(Number(seconds) * 1000));

export const graphErrorItem = z.object({
  code: z.number().int(),
  title: shortText,
  message: shortText.optional(),
  error_data: z.object({ details: shortText.optional() }).optional(),
});

const media = z.object({
  id,
  mime_type: z.string().min(1).max(255),
  sha256: z.string().max(128).optional(),
  caption: shortText.optional(),
  filename: z.string().max(512).optional(),
  voice: z.boolean().optional(),
});

const mediaTypes = ["image", "video", "audio", "document", "sticker"] as const;
type MediaType = (typeof mediaTypes)[number];

// What every message carries, read before its type decides the rest.
const common = z.object({
  id,
  from: waId,
  timestamp: unixSeconds,
  type: z.string().max(64),
  context: z.object({ id: id.optional() }).optional(),
});

/** One inbound message as the app uses it, whatever its WhatsApp type. */
export type WhatsAppMessage = {
  id: string;
  from: string;
  timestamp: Date;
  /** The message this one replies to (the customer swiped a message to answer it). */
  context?: { id: string };
} & (
  | { type: "text"; body: string }
  | { type: MediaType; mediaId: string; mimeType: string; sha256?: string; caption?: string; filename?: string; voice?: boolean }
  | { type: "location"; latitude: number; longitude: number; name?: string; address?: string }
  | { type: "contacts"; contacts: { name: string; phones: string[] }[] }
  | { type: "interactive"; replyId: string; title: string; description?: string }
  | { type: "button"; payload: string; text: string }
  /** An empty emoji means the customer removed their reaction. */
  | { type: "reaction"; targetMessageId: string; emoji: string }
  | { type: "unsupported"; errorTitle?: string }
);

// What a type-specific schema yields: a variant without the fields every message shares.
type Variant = WhatsAppMessage extends infer M ? (M extends unknown ? Omit<M, "id" | "from" | "timestamp" | "context"> : never) : never;

const reply = z.object({ id, title: shortText, description: shortText.optional() });

// Per type: the shape of its payload and how it becomes the app's variant.
const variants: Record<string, z.ZodType<Variant>> = {
  text: z.object({ text: z.object({ body: longText }) }).transform(({ text }) => ({ type: "text" as const, body: text.body })),
  ...Object.fromEntries(mediaTypes.map((type) => [type, mediaVariant(type)])),
  location: z
    .object({
      location: z.object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        name: shortText.optional(),
        address: shortText.optional(),
      }),
    })
    .transform(({ location }) => ({ type: "location" as const, ...location })),
  contacts: z
    .object({
      contacts: z
        .array(
          z.object({
            name: z.object({ formatted_name: shortText }),
            phones: z.array(z.object({ phone: z.string().max(64) })).max(20).optional(),
          }),
        )
        .min(1)
        .max(20),
    })
    .transform(({ contacts }) => ({
      type: "contacts" as const,
      contacts: contacts.map((card) => ({ name: card.name.formatted_name, phones: (card.phones ?? []).map((entry) => entry.phone) })),
    })),
  // Only the replies to buttons and lists the business sent; other interactive kinds (flows) are not handled.
  interactive: z
    .object({
      interactive: z.union([
        z.object({ type: z.literal("button_reply"), button_reply: reply }),
        z.object({ type: z.literal("list_reply"), list_reply: reply }),
      ]),
    })
    .transform(({ interactive }) => {
      const chosen = interactive.type === "button_reply" ? interactive.button_reply : interactive.list_reply;
      return { type: "interactive" as const, replyId: chosen.id, title: chosen.title, description: chosen.description };
    }),
  // A quick-reply button of a template the business sent.
  button: z
    .object({ button: z.object({ payload: shortText, text: shortText }) })
    .transform(({ button }) => ({ type: "button" as const, payload: button.payload, text: button.text })),
  reaction: z
    .object({ reaction: z.object({ message_id: id, emoji: z.string().max(32).optional() }) })
    .transform(({ reaction }) => ({ type: "reaction" as const, targetMessageId: reaction.message_id, emoji: reaction.emoji ?? "" })),
  // Meta's word for a message the Cloud API cannot show (older payloads say "unknown").
  unsupported: unsupportedVariant(),
  unknown: unsupportedVariant(),
};

function mediaVariant(type: MediaType): z.ZodType<Variant> {
  return z.object({ [type]: media }).transform((raw) => {
    const item = raw[type] as z.infer<typeof media>;
    return {
      type,
      mediaId: item.id,
      mimeType: item.mime_type,
      sha256: item.sha256,
      caption: item.caption,
      filename: item.filename,
      voice: item.voice,
    };
  });
}

function unsupportedVariant(): z.ZodType<Variant> {
  return z
    .object({ errors: z.array(graphErrorItem).max(10).optional() })
    .transform(({ errors }) => ({ type: "unsupported" as const, errorTitle: errors?.[0]?.title }));
}

/** A message object of a webhook → the app's message, or why it cannot be read (never throws). */
export function normalizeMessage(raw: unknown): { ok: true; message: WhatsAppMessage } | { ok: false; reason: string } {
  const head = common.safeParse(raw);
  if (!head.success) return { ok: false, reason: `message without a readable id, from, timestamp or type (${firstIssue(head.error)})` };
  const { type, context, ...base } = head.data;
  const variant = Object.hasOwn(variants, type) ? variants[type] : undefined;
  if (!variant) return { ok: false, reason: `message ${base.id}: type "${type}" is not handled` };
  const parsed = variant.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `message ${base.id}: unreadable ${type} (${firstIssue(parsed.error)})` };
  const message = { ...base, ...(context?.id ? { context: { id: context.id } } : {}), ...withoutUndefined(parsed.data) } as WhatsAppMessage;
  return { ok: true, message };
}

/** Where and why zod refused, short enough for a stored reason and free of the payload's content. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "body"}: ${issue.code}` : "invalid";
}

// Optional fields stay absent rather than present-but-undefined, so stored JSON and test equality stay simple.
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
