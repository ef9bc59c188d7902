import { truncateText } from "~/lib/text";

const PREVIEW_CHARS = 100;

/** What a `message.created` toast shows: the start of the text, or the kind of thing that arrived when there is none. */
export function messagePreview(text: string, kind: string) {
  return truncateText(text || kind, PREVIEW_CHARS);
}
