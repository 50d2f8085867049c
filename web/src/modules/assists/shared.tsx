// Tags and labels of 乡呼县应 requests (over the shared/assists.ts label maps).
import { Tag } from 'antd';
import { ASSIST_ACTION_LABELS, ASSIST_KIND_LABELS, ASSIST_STATE_LABELS, ASSIST_SUBJECT_LABELS, ASSIST_URGENCY_LABELS } from '../../../../shared/assists.ts';
import { t } from '../../app/i18n';
import { LabelTag, labelOf } from '../../components/LabelTag';

export const AssistStateTag = ({ state, overdue }: { state: string; overdue?: boolean }) => (
  <>
    <LabelTag labels={ASSIST_STATE_LABELS} value={state} />
    {overdue && <Tag color="red">{t('响应超期', 'Answer overdue')}</Tag>}
  </>
);
export const KindTag = ({ value }: { value: string }) => <LabelTag labels={ASSIST_KIND_LABELS} value={value} />;
export const UrgencyTag = ({ value }: { value: string }) => <LabelTag labels={ASSIST_URGENCY_LABELS} value={value} />;

export const stateLabel = (s: string) => labelOf(ASSIST_STATE_LABELS, s);
export const kindLabel = (s: string) => labelOf(ASSIST_KIND_LABELS, s);
export const urgencyLabel = (s: string) => labelOf(ASSIST_URGENCY_LABELS, s);
export const subjectLabel = (s: string) => labelOf(ASSIST_SUBJECT_LABELS, s);
export const actionLabel = (a: string) => labelOf(ASSIST_ACTION_LABELS, a);

/** Timeline rows the machine does not name (the request itself, the deadline jobs). */
const EVENTS: Record<string, [string, string]> = {
  create: ['提出请求', 'Requested'],
  response_reminder: ['响应期限提醒', 'Answer reminder'],
  response_overdue: ['响应超期', 'Answer overdue'],
};
export const eventLabel = (a: string) => (EVENTS[a] ? t(...EVENTS[a]) : actionLabel(a));
