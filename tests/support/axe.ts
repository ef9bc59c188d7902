import axe from "axe-core";
import type { Page } from "playwright-core";

/** The findings that block a release: axe rates these as barring or seriously hindering some people. */
const BLOCKING = new Set(["serious", "critical"]);
/**
 * Rated moderate by axe, held to the same bar: screen-reader users move through
 * a page by its headings, and an outline that starts below h1 or skips a level
 * reads as missing content.
 */
const HEADINGS = new Set(["page-has-heading-one", "heading-order"]);

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA, plus axe's best practices) on what the page
 * shows now and returns the serious and critical findings, and any about the
 * heading outline. The source goes in through `evaluate`, not a script tag: the
 * app's CSP only runs scripts carrying the request's nonce, and bypassing CSP in
 * the test would hide a real violation of it.
 */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const injected = await page.evaluate(() => "axe" in window);
  if (!injected) await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      // WCAG 2.5.3 (label in name) is still marked experimental in axe, so off unless asked for: a speech user says what they see.
      rules: { "label-content-name-mismatch": { enabled: true } },
      resultTypes: ["violations"],
    }),
  );
  return results.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? "") || HEADINGS.has(violation.id))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? "",
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
}

/** One finding a line, readable in a test failure: rule, impact, what it asks for and where. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `[${f.impact}] ${f.rule}: ${f.help}\n    at ${f.targets.join("\n    at ")}`).join("\n");
}

/** Throws with the findings listed when axe finds any on the page (named `where` in the message). */
export async function expectAccessible(page: Page, where: string) {
  const findings = await axeFindings(page);
  if (findings.length > 0) throw new Error(`axe: ${findings.length} findings on ${where} (${page.url()})\n${describeFindings(findings)}`);
}

declare global {
  interface Window {
    axe: typeof axe;
  }
}
