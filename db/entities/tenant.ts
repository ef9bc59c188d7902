import type { PolicyDef } from "@mikro-orm/core";

/**
 * The session variable every business table's row-level-security policy reads.
 * `nullif` matters: once a pooled connection has seen a transaction-local value,
 * PostgreSQL reports the unset variable as '' (not NULL), and ''::uuid would throw
 * instead of matching nothing.
 */
export const ORGANIZATION_SETTING = "app.organization_id";
export const currentOrganizationId = `nullif(current_setting('${ORGANIZATION_SETTING}', true), '')::uuid`;

export const USER_SETTING = "app.user_id";
export const currentUserId = `nullif(current_setting('${USER_SETTING}', true), '')::uuid`;

export const INVITE_TOKEN_SETTING = "app.invite_token_hash";

export const WHATSAPP_CONNECTION_KEY_SETTING = "app.whatsapp_connection_key";
export const TWILIO_CONNECTION_KEY_SETTING = "app.twilio_connection_key";

/** RLS on, forced for the owner too, and one policy: rows of the current organization only. */
export function tenantIsolation(extraPolicies: PolicyDef[] = []) {
  return {
    rowLevelSecurity: "force" as const,
    policies: [
      {
        name: "tenant_isolation",
        using: `organization_id = ${currentOrganizationId}`,
        check: `organization_id = ${currentOrganizationId}`,
      },
      ...extraPolicies,
    ],
  };
}

/**
 * Lets the schema owner through a table under forced row-level security. The
 * owner is who runs the narrow SECURITY DEFINER lookups (login, session,
 * invitation, slug checks); the app role is never the owner nor a member of
 * its role (the boot check refuses to run otherwise), so this opens nothing to it.
 */
export function schemaOwnerPolicy(table: string): PolicyDef {
  return {
    name: "schema_owner_functions",
    using: `current_user = (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = '${table}'::regclass)`,
  };
}
