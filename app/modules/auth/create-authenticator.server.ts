import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { z } from "zod";
import type { Translator } from "~/i18n/translator";
import { currentPasswordField, emailField } from "~/utils/validation.server";
import { translateFieldErrors, zodErrorMap } from "~/utils/forms.server";
import { verifyLogin } from "./verify-login.server";

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
