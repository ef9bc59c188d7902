import type { NextFunction, Request, Response } from "express";
import { loggerFor } from "~/utils/logger.server";
import { answerPlain } from "./plain-answer";
import { loggedPath } from "./request-log";

const log = loggerFor("web");

function statusOf(error: unknown): number {
  const status = typeof error === "object" && error !== null ? ((error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode) : undefined;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

/**
 * The last word on anything Express itself could not handle (a path with a
 * broken % escape, a throw outside Remix): a short plain answer, never the
 * error. Server faults are logged here, on the server only.
 */
export function answerErrors(error: unknown, req: Request, res: Response, _next: NextFunction) {
  const status = statusOf(error);
  if (status >= 500) log.error({ err: error, method: req.method, path: loggedPath(req.path) }, "request failed");
  if (res.headersSent) return void res.destroy();
  if (status >= 500) return answerPlain(req, res, 500, "errors.server");
  answerPlain(req, res, status, status === 413 ? "errors.tooLarge" : "errors.badRequest");
}
