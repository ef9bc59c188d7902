import { z } from "zod";
import { emailField, organizationNameField, passwordField, personNameField } from "~/utils/validation.server";

/** The sign-up form: the person, their login and their first organization. */
export const signUpSchema = z.object({
  name: personNameField,
  email: emailField,
  password: passwordField,
  organization: organizationNameField,
});
