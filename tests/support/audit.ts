/** An audit_logs row as the tests read it back with adminQuery. */
export interface AuditRow {
  action: string;
  actor_id: string;
  resource_id: string;
  ip_address: string | null;
  user_agent: string | null;
  changes: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };
}
