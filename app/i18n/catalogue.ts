import type { ptBR } from "./messages/pt-BR";

/**
 * A message with plural forms, chosen by `Intl.PluralRules` from the `count`
 * parameter. `zero` is an exact match for 0 (CLDR files 0 under "one" in
 * Portuguese, which reads wrong for "0 leads").
 */
export interface Plural {
  zero?: string;
  one: string;
  other: string;
}
export type Message = string | Plural;

export type MessageKey = keyof typeof ptBR;

/**
 * The shape every other language must fill: the same keys as pt-BR (a missing
 * or extra key is a type error), a plural where pt-BR has a plural.
 */
export type Catalogue = { readonly [K in MessageKey]: (typeof ptBR)[K] extends string ? string : Plural };

type Placeholders<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
type MessagePlaceholders<M> = M extends string ? Placeholders<M> : M extends Plural ? Placeholders<M[keyof M]> | "count" : never;

export type MessageParams<K extends MessageKey> = { [P in MessagePlaceholders<(typeof ptBR)[K]>]: string | number };

/** Keys of messages without placeholders: `t(key)` needs nothing else. */
export type PlainMessageKey = { [K in MessageKey]: [MessagePlaceholders<(typeof ptBR)[K]>] extends [never] ? K : never }[MessageKey];

/** No second argument for messages without placeholders; the exact placeholders otherwise. */
export type ParamsArg<K extends MessageKey> = [MessagePlaceholders<(typeof ptBR)[K]>] extends [never] ? [] : [params: MessageParams<K>];

/** A message chosen on the server (a domain rule, a refused move) and worded in the reader's language later. */
export interface LocalizedMessage {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export function message<K extends MessageKey>(key: K, ...params: ParamsArg<K>): LocalizedMessage {
  return params[0] ? { key, params: params[0] } : { key };
}
