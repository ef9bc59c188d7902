import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Communication } from "./communication";
import { Organization } from "./organization";
import { tenantIsolation } from "./tenant";

export const FILE_KINDS = ["whatsapp_media", "call_recording", "export"] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/**
 * An object in S3 (key `org/<organization>/<kind>/<id>`) and what is known
 * about it; the bytes are only ever served through /o/:slug/files/:fileId.
 */
export const StoredFile = defineEntity({
  name: "StoredFile",
  tableName: "stored_files",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    kind: p.enum(FILE_KINDS),
    storageKey: p.string().length(255).unique(),
    contentType: p.string().length(255),
    sizeBytes: p.bigint("number"),
    sha256: p.string().length(64),
    originalName: p.string().length(255).nullable(),
    // A timeline entry deleted later leaves the recording or media it carried to retention.
    communication: p.manyToOne(Communication).mapToPk().nullable().deleteRule("set null"),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ["organization", "communication"] }, { properties: ["organization", "createdAt"] }],
});
export type StoredFile = InferEntity<typeof StoredFile>;
