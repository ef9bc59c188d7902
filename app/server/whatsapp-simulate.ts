/**
 * `npm run whatsapp:simulate -- --to aurora --from "+55 11 98765-4321" --text "Oi, quero um orçamento"`
 *
 * Plays a customer writing to a demo organization's WhatsApp number: builds the
 * webhook Meta would send, signs it with that demo connection's app secret and
 * posts it to the running app. `--image FILE` first hands the bytes to the
 * Graph stand-in (so the app can fetch the media like it would from Meta) and
 * sends an image message instead; `--text` is then its caption.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_WHATSAPP_CONNECTIONS, type DemoWhatsAppConnection } from "@db/seeds/demo-whatsapp";
import { signWhatsAppBody } from "~/modules/whatsapp/webhook-signature.server";
import { graphStandInInfoFile } from "./graph-stand-in";

const IMAGE_TYPES: Record<string, string> = { ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp" };

function usage(): never {
  throw new Error('usage: npm run whatsapp:simulate -- --to <aurora|boreal> --from "+55 11 98765-4321" (--text "..." | --image FILE [--text caption]) [--name "Maria"]');
}

function readOptions() {
  const { values } = parseArgs({
    options: { to: { type: "string" }, from: { type: "string" }, text: { type: "string" }, image: { type: "string" }, name: { type: "string" } },
    strict: true,
  });
  if (!values.to || !values.from || (!values.text && !values.image)) usage();
  if (!Object.hasOwn(DEMO_WHATSAPP_CONNECTIONS, values.to)) {
    throw new Error(`unknown organization "${values.to}"; the demo has ${Object.keys(DEMO_WHATSAPP_CONNECTIONS).join(", ")}`);
  }
  // WhatsApp identifies people by wa_id: the international number in digits, without "+".
  const waId = values.from.replace(/[\s().+-]/g, "");
  if (!/^\d{8,15}$/.test(waId)) throw new Error(`--from "${values.from}" is not a phone number with country code, e.g. "+55 11 98765-4321"`);
  const connection = DEMO_WHATSAPP_CONNECTIONS[values.to as keyof typeof DEMO_WHATSAPP_CONNECTIONS];
  return { slug: values.to, connection, waId, text: values.text, image: values.image, name: values.name };
}

/** Hands the image to the running Graph stand-in, whose address the launcher writes to DATA_DIR/graph-stand-in.json. */
async function uploadImage(file: string, connection: DemoWhatsAppConnection) {
  const mimeType = IMAGE_TYPES[path.extname(file).toLowerCase()];
  if (!mimeType) throw new Error(`${file}: only .jpg, .jpeg, .png and .webp images can be sent`);
  const bytes = await readFile(file).catch(() => {
    throw new Error(`${file}: file not found or not readable`);
  });
  const infoFile = graphStandInInfoFile(path.resolve(process.env.DATA_DIR || ".data"));
  const info = await readFile(infoFile, "utf8").catch(() => {
    throw new Error(`${infoFile} not found: start the app with npm start (it runs the Graph stand-in that serves media)`);
  });
  const standInUrl = (JSON.parse(info) as { url?: string }).url;
  if (!standInUrl) throw new Error(`${infoFile} has no url`);
  const answer = await fetch(`${standInUrl}/_stand-in/media?waba=${connection.wabaId}`, { method: "POST", headers: { "content-type": mimeType }, body: bytes }).catch(() => {
    throw new Error(`the Graph stand-in at ${standInUrl} is not answering: is npm start still running?`);
  });
  if (!answer.ok) throw new Error(`the Graph stand-in refused the image (HTTP ${answer.status})`);
  const { id } = (await answer.json()) as { id: string };
  return { id, mime_type: mimeType, sha256: createHash("sha256").update(bytes).digest("hex") };
}

async function main() {
  const options = readOptions();
  const { connection } = options;
  const phoneNumber = connection.phoneNumbers[0];
  const image = options.image ? await uploadImage(options.image, connection) : null;
  const message = {
    from: options.waId,
    id: `wamid.${randomBytes(24).toString("base64url")}`,
    timestamp: String(Math.floor(Date.now() / 1000)),
    ...(image ? { type: "image", image: { ...image, ...(options.text ? { caption: options.text } : {}) } } : { type: "text", text: { body: options.text } }),
  };
  const value = {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: phoneNumber.display.replace(/\D/g, ""), phone_number_id: phoneNumber.id },
    contacts: [{ wa_id: options.waId, ...(options.name ? { profile: { name: options.name } } : {}) }],
    messages: [message],
  };
  const body = JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: connection.wabaId, changes: [{ field: "messages", value }] }] });

  const appUrl = (process.env.APP_URL || `http://127.0.0.1:${process.env.PORT || 3000}`).replace(/\/+$/, "");
  const target = `${appUrl}/webhooks/whatsapp/${connection.connectionKey}`;
  const response = await fetch(target, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signWhatsAppBody(body, connection.appSecret) },
    body,
  }).catch(() => {
    throw new Error(`Loved CRM is not answering at ${appUrl}: start it with npm start (or set APP_URL / PORT)`);
  });
  if (!response.ok) throw new Error(`the app answered HTTP ${response.status} to the webhook at ${target}`);
  const what = image ? `an image (media ${image.id})` : "a text";
  process.stdout.write(`Sent ${what} from +${options.waId} to ${options.slug} (${phoneNumber.display}) as ${message.id}: the app answered HTTP ${response.status}.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`whatsapp:simulate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
