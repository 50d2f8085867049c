// Labels and tags the warning pages share.
import { Tag } from 'antd';
import { CHANNEL_LABELS, EVENT_TYPES, LEVEL_LABELS, PERSON_ROLE_LABELS, RECIPIENT_STATE_LABELS, WARNING_STATE_LABELS } from '../../../../shared/warnings.ts';
import { pick, t } from '../../app/i18n';
import { LabelTag, labelOf } from '../../components/LabelTag';

export const levelLabel = (l: string) => labelOf(LEVEL_LABELS, l);
export const stateLabel = (s: string) => labelOf(WARNING_STATE_LABELS, s);
export const recipientStateLabel = (s: string) => labelOf(RECIPIENT_STATE_LABELS, s);
export const roleLabel = (r: string) => (r === 'enterprise_safety_manager' ? t('企业安全管理员', 'Enterprise safety manager') : labelOf(PERSON_ROLE_LABELS, r));
export const channelLabel = (c: string) => labelOf(CHANNEL_LABELS, c);
export const eventLabel = (code: string) =>
  pick(
    EVENT_TYPES.find((e) => e.code === code),
    code,
  );

const STATE_COLORS: Record<string, string> = {
  draft: 'default',
  pending_approval: 'gold',
  approved: 'cyan',
  rejected: 'volcano',
  released: 'green',
  superseded: 'default',
  cancelled: 'default',
  expired: 'default',
};

export const LevelTag = ({ level }: { level: string }) => <LabelTag labels={LEVEL_LABELS} value={level} />;
export const StateTag = ({ state }: { state: string }) => <Tag color={STATE_COLORS[state]}>{stateLabel(state)}</Tag>;

const RECIPIENT_COLORS: Record<string, string> = { pending: 'gold', acknowledged: 'green', not_reached: 'red', closed: 'default' };
export const RecipientTag = ({ state, overdue }: { state: string; overdue?: boolean }) => (
  <>
    <Tag color={RECIPIENT_COLORS[state]}>{recipientStateLabel(state)}</Tag>
    {overdue && state === 'pending' && <Tag color="orange">{t('超时', 'Overdue')}</Tag>}
  </>
);
