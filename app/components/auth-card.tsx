import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { LanguageSwitch } from "~/components/language-switch";

export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg viewBox="0 0 24 24" aria-hidden className="h-6 w-6 fill-primary">
        <path d="M12 21s-7.5-4.6-10-9.3C.5 8.6 2.4 4.5 6.2 4.5c2.2 0 3.5 1.2 4.3 2.4l1.5 2 1.5-2c.8-1.2 2.1-2.4 4.3-2.4 3.8 0 5.7 4.1 4.2 7.2C19.5 16.4 12 21 12 21z" />
      </svg>
      Loved CRM
    </span>
  );
}

/** The centred card of the signed-out pages (login, sign-up, invitation). */
export function AuthCard({ title, description, children, footer }: { title: string; description?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 bg-muted/40 px-4 py-10">
      <Logo className="text-xl" />
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle as="h1">{title}</CardTitle>
          {description ? <CardDescription>{description}</CardDescription> : null}
        </CardHeader>
        <CardContent>{children}</CardContent>
      </Card>
      {footer ? <div className="text-sm text-muted-foreground">{footer}</div> : null}
      <LanguageSwitch />
    </main>
  );
}

/** What a successful action says above its form; polite, so screen readers finish what they were reading. */
export function FormNotice({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="status" className="rounded-md border border-success/40 bg-success/10 px-3 py-2 text-sm">
      {message}
    </p>
  );
}

export function FormAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
      {message}
    </p>
  );
}
