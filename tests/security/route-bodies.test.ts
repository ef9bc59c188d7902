import { describe, expect, it } from "vitest";
import { ACTIONS, type Intent } from "./routes";
import { actorFor, changed, fingerprint, keepsPresence, leaksIn, send, useSecurityWorld, type Body, type Ids } from "./support";

const LONG = "x".repeat(10_000);
/** Fields whose valid value is an id, a number, a colour or one of a few words: text is the wrong type there. */
const TYPED = (field: string, value: string) => field === "intent" || /^(role|direction|locale)$/.test(field) || /^([0-9a-f-]{36}|\d+|#[0-9a-f]{6})$/i.test(value);

function encoded(entries: [string, string][]) {
  const params = new URLSearchParams();
  for (const [name, value] of entries) params.append(name, value);
  return { raw: params.toString(), contentType: "application/x-www-form-urlencoded" };
}

/** Every way the valid form can be broken, one field at a time, plus bodies that are not forms at all. */
function badBodies(intent: Intent, form: Record<string, string>): [string, Body][] {
  const fields = Object.keys(form);
  const strict = fields.filter((field) => !intent.lenient?.includes(field));
  const without = (field: string) => Object.entries(form).filter(([name]) => name !== field);
  return [
    ...strict.map((field): [string, Body] => [`${field} at 10,000 characters`, { form: { ...form, [field]: LONG } }]),
    ...strict.map((field): [string, Body] => [`${field} with a NUL`, { form: { ...form, [field]: `${form[field]}\0` } }]),
    ...strict.filter((field) => TYPED(field, form[field])).map((field): [string, Body] => [`${field} of the wrong type`, { form: { ...form, [field]: "[object Object]" } }]),
    ...strict
      .filter((field) => !intent.optional?.includes(field))
      .map((field): [string, Body] => [`${field} missing`, { form: Object.fromEntries(without(field)) }]),
    ...fields.flatMap((field): [string, Body][] => [
      [`${field} sent twice (valid first)`, encoded([...Object.entries(form), [field, "x"]])],
      [`${field} sent twice (valid last)`, encoded([[field, "x"], ...Object.entries(form)])],
    ]),
    ["invalid UTF-8 and percent-encoding", { raw: fields.map((field) => `${field}=%FF%FE%C3%28%ZZ%`).join("&"), contentType: "application/x-www-form-urlencoded" }],
    ["JSON", { raw: JSON.stringify(form), contentType: "application/json" }],
    ["plain text", { raw: new URLSearchParams(form).toString(), contentType: "text/plain" }],
    ["broken multipart", { raw: "--broken\r\nnot a part", contentType: "multipart/form-data; boundary=broken" }],
  ];
}

/** Posts with no fields (logout) read no input: there is nothing to break. */
const formActions = ACTIONS.filter(({ intent }) => Object.keys(intent.form({} as Ids)).length > 0);

/**
 * Long, mistyped, missing, repeated and mis-encoded fields, and bodies that
 * are not forms, on every route and intent: a 4xx (the form with its errors),
 * never a 500; no answer shows a stack trace, a database error or a server
 * path; nothing changes.
 */
describe("bad input on every form", () => {
  const world = useSecurityWorld();

  it.each(formActions)("$label: a 4xx without leaks, and nothing changes", async ({ route, intent }) => {
    const ids = world.a.ids;
    const actor = await actorFor(world, route, intent, ids);
    const bodies = badBodies(intent, intent.form(ids));
    const presence = keepsPresence(route);
    const before = await fingerprint(world, presence);
    const answers = await Promise.all(bodies.map(([, body]) => send(actor, route, ids, body)));
    const wrong = answers.flatMap((response, i) => {
      const problems = leaksIn(response.body);
      const refused = response.status >= 400 && response.status < 500;
      const ignored = intent.ignoresBadInput && response.status === 302;
      if (!refused && !ignored) problems.push(`status ${response.status}`);
      return problems.length ? [`${bodies[i][0]}: ${problems.join(", ")} — ${response.body.slice(0, 160)}`] : [];
    });
    expect(wrong).toEqual([]);
    expect(changed(before, await fingerprint(world, presence))).toEqual([]);
  });
});
