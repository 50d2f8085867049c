// Tags and labels of 双随机 draws.
import { DRAW_STATE_LABELS, type DrawState } from '../../../../shared/draws.ts';
import { LabelTag } from '../../components/LabelTag';

export const DrawStateTag = ({ state }: { state: DrawState }) => <LabelTag labels={DRAW_STATE_LABELS} value={state} />;

/** A long hash in small monospace type that wraps. */
export const Hash = ({ value, testId }: { value: string | null | undefined; testId?: string }) =>
  value ? (
    <code data-testid={testId} style={{ fontSize: 12, wordBreak: 'break-all' }}>
      {value}
    </code>
  ) : (
    <span style={{ color: '#999' }}>—</span>
  );
