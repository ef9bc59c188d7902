import { useFetcher } from "@remix-run/react";
import { useEffect } from "react";

/**
 * Opening a lead with unread messages as the person who answers them (its
 * assignee, or anyone while it has none) marks them read. Posted again
 * whenever new unread messages arrive while the page is open.
 */
export function useMarkRead({ unread, mine }: { unread: number; mine: boolean }) {
  const fetcher = useFetcher();
  const { submit } = fetcher;
  useEffect(() => {
    if (mine && unread > 0) submit({ intent: "mark-read" }, { method: "post" });
  }, [mine, unread, submit]);
}
