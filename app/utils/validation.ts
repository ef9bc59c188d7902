import { z } from "zod";

export const emailField = z.string().trim().toLowerCase().max(254).email("Informe um e-mail válido.");
export const passwordField = z
  .string()
  .min(8, "A senha precisa de ao menos 8 caracteres.")
  .max(128, "A senha pode ter no máximo 128 caracteres.");
export const personNameField = z
  .string()
  .trim()
  .min(2, "Informe seu nome.")
  .max(120, "O nome pode ter no máximo 120 caracteres.");
export const organizationNameField = z
  .string()
  .trim()
  .min(2, "Informe o nome da organização.")
  .max(120, "O nome pode ter no máximo 120 caracteres.");
