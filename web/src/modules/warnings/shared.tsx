// Labels and tags the warning pages share.
import { Alert, Tag } from 'antd';
import type { DeliveryModes } from '../../../../shared/warnings.dto.ts';
import {
  CHANNEL_LABELS,
  DELIVERY_STATE_LABELS,
  EVENT_TYPES,
  LEVEL_LABELS,
  PERSON_ROLE_LABELS,
  RECIPIENT_STATE_LABELS,
  WARNING_STATE_LABELS,
} from '../../../../shared/warnings.ts';
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

/** How far a recipient's messages got: outbox (nothing sent) / in-app / gateway / gateway receipt. */
export const DeliveryTag = ({ delivery }: { delivery: string | null | undefined }) => (
  <LabelTag labels={DELIVERY_STATE_LABELS} value={delivery} fallback={t('未发送', 'Not sent')} />
);

/**
 * Says plainly what the channels do now: in outbox mode SMS and voice are only recorded (nothing leaves the
 * machine); without a public address live links are refused.
 */
export function DeliveryBanner({ delivery }: { delivery: DeliveryModes | undefined }) {
  if (!delivery) return null;
  const { outboxChannels, liveChannels, publicUrl } = delivery;
  const names = outboxChannels.map(channelLabel).join('/');
  return (
    <>
      {outboxChannels.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="outbox-banner"
          style={{ marginBottom: 12 }}
          message={t(
            `${names}通道处于发件箱模式，消息未真正发出`,
            `${names} ${outboxChannels.length > 1 ? 'are' : 'is'} in outbox mode: messages are recorded, not sent`,
          )}
          description={t(
            '“已写入发件箱”的人没有收到短信或电话；请电话叫应，或在“发件箱”查看本应发出的内容和确认链接。',
            'People marked “recorded in outbox” received no SMS or call: call them, or see what would have been sent on the Outbox page.',
          )}
        />
      )}
      {liveChannels.length > 0 && !publicUrl && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={t(
            '未配置公网地址（ANLAN_PUBLIC_URL）：真实通道拒绝发送叫应链接',
            'No public address (ANLAN_PUBLIC_URL): live channels refuse to send acknowledgement links',
          )}
        />
      )}
    </>
  );
}
