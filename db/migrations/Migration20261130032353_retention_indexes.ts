import { Migration } from '@mikro-orm/migrations';

export class Migration20261130032353_retention_indexes extends Migration {

  override name = 'Migration20261130032353_retention_indexes';

  override up(): void | Promise<void> {
    this.addSql(`create index "ai_summaries_retention_index" on "ai_summaries" ("organization_id", "created_at");`);

    this.addSql(`create index "ai_usage_summary_id_index" on "ai_usage" ("summary_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "ai_usage_summary_id_index";`);
    this.addSql(`drop index "ai_summaries_retention_index";`);
  }

}
