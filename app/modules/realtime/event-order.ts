/**
 * Ordering rules of an organization's event stream, pure so they can be
 * checked alone. Ids are gapless per organization; a process has delivered
 * everything up to `lastDelivered` to its streams.
 */

/**
 * What an event id that arrived on the bus asks for: `drop` an id already
 * delivered (a duplicate or a late publish), `deliver` the next one as it
 * came, or `fill` — read the missing rows (and a row the bus carried only by
 * reference) from realtime_events first.
 */
export function arrivalStep(lastDelivered: number, id: number, complete: boolean): "drop" | "deliver" | "fill" {
  if (id <= lastDelivered) return "drop";
  return id === lastDelivered + 1 && complete ? "deliver" : "fill";
}

/** Whether rows read after `lastDelivered` continue from it; if not, the ones between were purged and clients must resync. */
export function continuesFrom(lastDelivered: number, firstReadId: number) {
  return firstReadId === lastDelivered + 1;
}
