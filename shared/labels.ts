// Label maps of shared/<module>.ts (`{ zh, en, color? }` per key): each is written once, and its key list (in the
// map's order, for schemas, filters and selects) and its Chinese names alone (spreadsheet columns, imports) come
// from it, so a key is never listed twice.

export interface Label {
  zh: string;
  en: string;
  color?: string;
}

/**
 * `export const { keys: SEVERITIES, labels: SEVERITY_LABELS } = labels({ low: { zh, en, color }, … })`, then
 * `export type Severity = (typeof SEVERITIES)[number]`. Keys are words (an integer-like key would reorder).
 */
export function labels<K extends string, V extends Label>(map: Record<K, V>): { keys: readonly K[]; labels: Record<K, V>; zh: Record<K, string> } {
  const keys = Object.keys(map) as K[];
  return { keys, labels: map, zh: Object.fromEntries(keys.map((k) => [k, map[k].zh])) as Record<K, string> };
}

/**
 * A name read back into its key (a spreadsheet cell, an import): the key itself, its Chinese name, or one of
 * `aliases` (the short forms people write).
 */
export function keyByName<K extends string>(keys: readonly K[], names: Record<K, Label>, aliases: Record<string, K> = {}): Record<string, K> {
  return { ...Object.fromEntries(keys.flatMap((k) => [[k, k] as const, [names[k].zh, k] as const])), ...aliases };
}
