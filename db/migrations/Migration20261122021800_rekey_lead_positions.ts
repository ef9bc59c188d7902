import { Migration } from "@mikro-orm/migrations";

/**
 * Ordering keys changed format (app/utils/ordering.ts: base-62 with a
 * variable-length integer part, so moves to either end of a column no longer
 * lengthen keys). Existing positions are rewritten per stage, in their current
 * order, to the keys `keysInOrder` gives: "a0".."az", "b00".."bzz", … Written
 * by hand: the entity diff cannot express a data rewrite. As the owner, row-
 * level security would hide every lead, so it is lifted for this statement only.
 */
export class Migration20261122021800_rekey_lead_positions extends Migration {
  override name = "Migration20261122021800_rekey_lead_positions";

  override up(): void {
    const digit = (expression: string) =>
      `substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', ((${expression}) % 62)::int + 1, 1)`;
    this.addSql(`alter table "leads" no force row level security;`);
    this.addSql(`
      update leads set position = ranked.key
        from (
          select id,
                 case
                   when r < 62 then 'a' || ${digit("r")}
                   when r < 3844 then 'b' || ${digit("r / 62")} || ${digit("r")}
                   when r < 238328 then 'c' || ${digit("r / 3844")} || ${digit("r / 62")} || ${digit("r")}
                   when r < 14776336 then 'd' || ${digit("r / 238328")} || ${digit("r / 3844")} || ${digit("r / 62")} || ${digit("r")}
                 end as key
            from (
              select id, row_number() over (partition by organization_id, stage_id order by position, id) - 1 as r
                from leads
            ) numbered
        ) ranked
       where leads.id = ranked.id;`);
    this.addSql(`alter table "leads" force row level security;`);
  }
}
