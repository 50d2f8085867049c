// Tags and labels of 双随机 draws.
import { Tag } from 'antd';
import { DRAW_STATE_LABELS, type DrawState } from '../../../../shared/draws.ts';
import type { DrawTaskDto } from '../../../../shared/draws.dto.ts';
import { t } from '../../app/i18n';
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

/** A task's published result: completed on a day, with how many findings (failed items). */
export const TaskResult = ({ task }: { task: Pick<DrawTaskDto, 'result'> }) =>
  task.result ? (
    <Tag color={task.result.findings ? 'orange' : 'green'} data-testid="task-result">
      {t(
        `已检查 ${task.result.completedAt.slice(0, 10)} · 发现问题 ${task.result.findings} 项`,
        `Inspected ${task.result.completedAt.slice(0, 10)} · ${task.result.findings} findings`,
      )}
    </Tag>
  ) : null;
