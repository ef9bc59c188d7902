import { redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { z } from "zod";
import { verifyLogin } from "~/modules/auth/verify-login.server";
import type { Translator } from "~/i18n/translator";
import { translateFieldErrors, zodErrorMap } from "./forms.server";
import { currentPasswordField, emailField } from "~/utils/validation.server";
import { getSessionUser, type SessionUser } from "./session.server";

export const loginSchema = z.object({
  email: emailField,
  password: currentPasswordField,
  redirectTo: z.string().optional(),
});

export class LoginValidationError extends Error {
  constructor(readonly fieldErrors: Record<string, string[] | undefined>) {
    super("invalid login form");
  }
}

export interface AuthenticatedUser {
  id: string;
  email: string;
  fullName: string;
}

/** remix-auth with the form strategy; the client IP comes in through the strategy's request. */
export function createAuthenticator(ipAddress: string, i18n: Translator) {
  const authenticator = new Authenticator<AuthenticatedUser>();
  authenticator.use(
    new FormStrategy(async ({ form }) => {
      const parsed = loginSchema.safeParse(Object.fromEntries(form), { error: zodErrorMap(i18n.locale) });
      if (!parsed.success) throw new LoginValidationError(translateFieldErrors(z.flattenError(parsed.error).fieldErrors, i18n));
      return verifyLogin({ email: parsed.data.email, password: parsed.data.password, ipAddress });
    }),
    "form",
  );
  return authenticator;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
  }
  return user;
}

/** Pages for signed-out visitors (login, sign-up) send signed-in users home. */
export async function requireAnonymous(request: Request) {
  if (await getSessionUser(request)) throw redirect("/");
}
