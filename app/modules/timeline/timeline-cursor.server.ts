import { z } from "zod";

/**
 * Where a timeline page ends: the last entry's time (ms) and id. Pages are
 * keyset by (sent_at, id), so an entry written meanwhile neither shifts nor
 * repeats the older pages.
 */
export interface TimelineCursor {
  sentAt: Date;
  id: string;
}

const cursorPattern = z
  .string()
  .max(60)
  .regex(/^\d{1,15}_[0-9a-f-]{36}$/i)
  .transform((value) => {
    const [ms, id] = value.split("_");
    return { sentAt: new Date(Number(ms)), id: id.toLowerCase() };
  })
  .pipe(z.object({ sentAt: z.date(), id: z.uuid() }));

export function encodeTimelineCursor(cursor: TimelineCursor) {
  return `${cursor.sentAt.getTime()}_${cursor.id}`;
}

/** The cursor in `?before=`; null when it is not one (the route answers 400). */
export function decodeTimelineCursor(value: string): TimelineCursor | null {
  const parsed = cursorPattern.safeParse(value);
  return parsed.success && !Number.isNaN(parsed.data.sentAt.getTime()) ? parsed.data : null;
}
