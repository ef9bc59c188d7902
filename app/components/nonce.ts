import { createContext, useContext } from "react";

/**
 * The response's CSP script nonce, provided by entry.server for the document
 * render. In the browser it is undefined: the scripts have already run, and
 * browsers hide the attribute's value from the page anyway.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce() {
  return useContext(NonceContext);
}
