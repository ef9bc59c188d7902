import { useEffect, useState } from "react";

/**
 * The current time for relative labels ("há 3 horas"), ticking every minute.
 * Starts from the server's render time so the first client render matches the HTML.
 */
export function useNow(serverNow: number, everyMs = 60_000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
