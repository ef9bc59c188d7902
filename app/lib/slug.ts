/** "Agência Aurora Digital!" → "agencia-aurora-digital" */
export function slugify(text: string) {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
}

export const RESERVED_SLUGS = new Set(["new", "settings", "admin", "api", "o", "login", "signup", "logout", "invites"]);
