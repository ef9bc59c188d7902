import { describe, expect, it } from "vitest";
import { mentionsSubject } from "./mentions-subject";
import { scrubSubject } from "./scrub-subject";
import { subjectPatterns } from "./subject-patterns";
import { subjectTracesOf } from "./subject-traces";

const traces = subjectTracesOf({ texts: ["Josefina Quintela", "JOSEFINA@exemplo.com", "Jo", null, " "], phones: ["+5511987654321", "551187654321", "123"] });

describe("a data subject's traces in copied text", () => {
  it("keeps names and e-mails in lower case (too short ones dropped) and the last eight digits of each phone", () => {
    expect(traces).toEqual({ texts: ["josefina quintela", "josefina@exemplo.com"], phoneTails: ["87654321"] });
  });

  it("finds the phone however it is written, with or without the ninth digit, and names in any case", () => {
    for (const text of ["5511987654321", "+55 11 98765-4321", "(11) 8765-4321", "wa_id 551187654321", "Falar com JOSEFINA QUINTELA", "josefina@EXEMPLO.com"]) {
      expect(mentionsSubject(text, traces), text).toBe(true);
    }
    for (const text of ["Josefina Souza", "+55 11 98765-4320", "11111111", ""]) expect(mentionsSubject(text, traces), text).toBe(false);
  });

  it("empties the strings and numbers that name the person, and every value under the personal keys whatever it says, keeping the shape", () => {
    const audit = {
      before: { id: "lead-1", fullName: "Josefina Q.", company: "Doces ME", phone: "+5511987654321", estimatedValue: "100.00", tags: ["quente"] },
      after: null,
      note: "ligar para 11 98765-4321",
      waId: 5511987654321,
      changes: { fullName: { from: "Josefina Q.", to: "Josefina Quintela" }, stage: { from: "a", to: "b" } },
    };
    const { value, changed } = scrubSubject(audit, traces, new Set(["fullName", "company"]));
    expect(changed).toBe(true);
    expect(value).toEqual({
      before: { id: "lead-1", fullName: "", company: "", phone: "", estimatedValue: "100.00", tags: ["quente"] },
      after: null,
      note: "",
      waId: null,
      changes: { fullName: { from: "", to: "" }, stage: { from: "a", to: "b" } },
    });
    // Scrubbing what is already scrubbed changes nothing.
    expect(scrubSubject(value, traces, new Set(["fullName", "company"])).changed).toBe(false);
  });

  it("turns the traces into SQL ilike patterns with the wildcards of a name escaped", () => {
    expect(subjectPatterns(subjectTracesOf({ texts: ["ana_100%"], phones: ["+5511987654321"] }))).toEqual(["%ana\\_100\\%%", "%4321%"]);
  });
});
