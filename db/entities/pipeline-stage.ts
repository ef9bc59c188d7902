import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Organization } from "./organization";
import { tenantIsolation } from "./tenant";

export const STAGE_TYPES = ["lead", "contact", "proposal", "negotiation", "closed", "custom"] as const;

export const PipelineStage = defineEntity({
  name: "PipelineStage",
  tableName: "pipeline_stages",
  ...tenantIsolation(),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    name: p.string().length(60),
    position: p.integer(),
    color: p.string().length(7).default("#6366f1"),
    stageType: p.enum(STAGE_TYPES).default("custom"),
    isActive: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [{ properties: ["organization", "position"] }],
  checks: [{ name: "pipeline_stages_color_check", expression: "color ~ '^#[0-9a-fA-F]{6}$'" }],
});
export type PipelineStage = InferEntity<typeof PipelineStage>;
