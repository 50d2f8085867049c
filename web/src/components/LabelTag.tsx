// A code shown as its label from one of the `{zh, en, color}` maps in shared/ (states, levels, grades):
// the current language's text, the map's colour, and the code itself where the map does not know it.
import { Tag } from 'antd';
import { pick } from '../app/i18n';

export interface Label {
  zh: string;
  en: string;
  color?: string;
}

/** Light fills (yellow) need dark text to be readable. */
const DARK_TEXT = new Set(['#e6c619', '#fadb14', 'yellow']);

/** The label of `value` in the current language, or the value itself. */
export function labelOf<K extends string>(labels: Record<K, Label>, value: string | null | undefined, fallback?: string): string {
  if (value === null || value === undefined) return fallback ?? '—';
  return pick(labels[value as K], fallback ?? value);
}

/** Select options for the codes `values`, each labelled from the map in the current language. */
export const labelOptions = <K extends string>(values: readonly string[], labels: Record<K, Label>) =>
  values.map((value) => ({ value, label: labelOf(labels, value) }));

export function LabelTag<K extends string>({
  labels,
  value,
  fallback,
}: {
  labels: Record<K, Label>;
  value: string | null | undefined;
  /** Shown (without colour) when there is no value, or the map does not know it. */
  fallback?: string;
}) {
  const l = value ? labels[value as K] : undefined;
  const color = l?.color;
  return (
    <Tag color={color} style={color && DARK_TEXT.has(color) ? { color: '#3a3000' } : undefined}>
      {l ? pick(l) : (fallback ?? value ?? '—')}
    </Tag>
  );
}
