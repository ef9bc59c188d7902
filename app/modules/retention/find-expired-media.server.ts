import type { Db } from "~/utils/db.server";

/** One batch of WhatsApp media and call recordings past the media period, oldest first (exports have their own expiry). */
export async function findExpiredMedia(db: Db, organizationId: string, cutoff: Date, limit: number) {
  return db.execute<{ id: string; storage_key: string }[]>(
    `select id, storage_key from stored_files
      where organization_id = ? and created_at < ? and kind in ('whatsapp_media', 'call_recording')
      order by created_at, id limit ?`,
    [organizationId, cutoff, limit],
  );
}
