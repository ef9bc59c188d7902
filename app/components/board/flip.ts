/**
 * FLIP animations for changes that come from teammates: remember where the
 * cards were (First), let React render the new board (Last), then play the
 * difference (Invert, Play). A card changing columns travels as a floating
 * copy, because each column clips its own overflow.
 */
export interface CardSnapshot {
  rect: DOMRect;
  stageId: string | null;
  ghost: HTMLElement;
}

const EASING = "cubic-bezier(0.2, 0.8, 0.2, 1)";

function cardElement(leadId: string) {
  return document.querySelector<HTMLElement>(`[data-lead-id="${CSS.escape(leadId)}"]`);
}

function stageOf(element: HTMLElement) {
  return element.closest<HTMLElement>("[data-stage-id]")?.dataset.stageId ?? null;
}

function reducedMotion() {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

export function captureCards(leadIds: Iterable<string>): Map<string, CardSnapshot> {
  const snapshots = new Map<string, CardSnapshot>();
  if (typeof document === "undefined" || reducedMotion()) return snapshots;
  for (const leadId of leadIds) {
    const element = cardElement(leadId);
    if (!element) continue;
    const ghost = element.cloneNode(true) as HTMLElement;
    for (const node of [ghost, ...ghost.querySelectorAll<HTMLElement>("[data-lead-id], [id]")]) {
      node.removeAttribute("data-lead-id");
      node.removeAttribute("id");
    }
    ghost.setAttribute("aria-hidden", "true");
    ghost.inert = true;
    snapshots.set(leadId, { rect: element.getBoundingClientRect(), stageId: stageOf(element), ghost });
  }
  return snapshots;
}

function float(ghost: HTMLElement, rect: DOMRect) {
  Object.assign(ghost.style, {
    position: "fixed",
    left: `${rect.left}px`,
    top: `${rect.top}px`,
    width: `${rect.width}px`,
    height: `${rect.height}px`,
    margin: "0",
    zIndex: "40",
    pointerEvents: "none",
  });
  document.body.appendChild(ghost);
}

/** Plays the change between the snapshots and what is on screen now; `appeared` cards fade in. */
export function playFlip(snapshots: Map<string, CardSnapshot>, appeared: Iterable<string>) {
  if (typeof document === "undefined" || reducedMotion()) return;
  for (const [leadId, before] of snapshots) {
    const element = cardElement(leadId);
    if (!element) {
      float(before.ghost, before.rect);
      before.ghost.animate([{ opacity: 1 }, { opacity: 0, transform: "scale(0.96)" }], { duration: 250, easing: "ease-in" }).onfinish = () =>
        before.ghost.remove();
      continue;
    }
    const after = element.getBoundingClientRect();
    const dx = before.rect.left - after.left;
    const dy = before.rect.top - after.top;
    if (Math.abs(dx) < 1 && Math.abs(dy) < 1) continue;
    if (before.stageId === stageOf(element)) {
      element.animate([{ transform: `translate(${dx}px, ${dy}px)` }, { transform: "none" }], { duration: 300, easing: EASING });
      continue;
    }
    float(before.ghost, before.rect);
    const travel = before.ghost.animate(
      [
        { transform: "none", boxShadow: "0 1px 2px rgb(0 0 0 / 0.05)" },
        { transform: `translate(${-dx / 2}px, ${-dy / 2}px) scale(1.03)`, boxShadow: "0 12px 28px rgb(0 0 0 / 0.18)", offset: 0.5 },
        { transform: `translate(${-dx}px, ${-dy}px)`, boxShadow: "0 1px 2px rgb(0 0 0 / 0.05)" },
      ],
      { duration: 450, easing: EASING },
    );
    const hidden = element.animate([{ opacity: 0 }, { opacity: 0 }], { duration: 450, fill: "forwards" });
    travel.onfinish = () => {
      before.ghost.remove();
      hidden.cancel();
    };
  }
  for (const leadId of appeared) {
    if (snapshots.has(leadId)) continue;
    cardElement(leadId)?.animate(
      [
        { opacity: 0, transform: "translateY(-6px) scale(0.98)" },
        { opacity: 1, transform: "none" },
      ],
      { duration: 280, easing: EASING },
    );
  }
}
