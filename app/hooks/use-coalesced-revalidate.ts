import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef } from "react";

/**
 * A function that reads the page's loaders again, once per burst: calls
 * within `windowMs` of each other make one revalidation, after the last.
 * Stable across renders, so stream subscriptions that hold it never restart.
 */
export function useCoalescedRevalidate(windowMs: number) {
  const revalidator = useRevalidator();
  const revalidateRef = useRef(revalidator.revalidate);
  revalidateRef.current = revalidator.revalidate;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => revalidateRef.current(), windowMs);
  }, [windowMs]);
}
