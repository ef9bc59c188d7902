import { privacyEraseJob } from "~/modules/jobs/definitions/privacy__erase.server";
import { eraseDataSubject } from "~/modules/privacy/erase/erase-data-subject.server";
import { defineTask } from "../define-task";

/** A data subject's deletion request carried out; the queue's own tables are reached through the worker's connection. */
export const privacyErase = defineTask(privacyEraseJob, async (payload, helpers) => {
  await eraseDataSubject(payload, async (sql, values) => (await helpers.withPgClient((client) => client.query(sql, values))).rows);
});
