import { Migration } from '@mikro-orm/migrations';

export class Migration20261122040503_user_locale_preference extends Migration {

  override name = 'Migration20261122040503_user_locale_preference';

  override up(): void | Promise<void> {
    this.addSql(`alter table "users" alter column "locale" drop default;`);
    this.addSql(`alter table "users" alter column "locale" drop not null;`);
    // Nobody could choose a language before this column became a preference: the stored 'pt-BR' was the default, not a choice.
    this.addSql(`update "users" set "locale" = null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`update "users" set "locale" = 'pt-BR' where "locale" is null;`);
    this.addSql(`alter table "users" alter column "locale" set default 'pt-BR';`);
    this.addSql(`alter table "users" alter column "locale" set not null;`);
  }

}
