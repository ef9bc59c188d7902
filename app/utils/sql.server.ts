import type { Db } from "./db.server";

/** A piece of SQL with its `?` parameters, in order. */
export interface Fragment {
  sql: string;
  params: unknown[];
}

function isFragment(value: unknown): value is Fragment {
  return typeof value === "object" && value !== null && "sql" in value && "params" in value;
}

/** Tagged template: interpolated fragments are inlined, anything else becomes a `?` parameter. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  let text = strings[0];
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (isFragment(value)) {
      text += value.sql;
      params.push(...value.params);
    } else {
      text += "?";
      params.push(value);
    }
    text += strings[i + 1];
  });
  return { sql: text, params };
}

export function run<T>(db: Db, fragment: Fragment) {
  return db.execute<T[]>(fragment.sql, fragment.params);
}
