// Warnings on the web: the DTO types (from shared/warnings.dto.ts, what the API answers) and query keys.
export type {
  Board as BoardDto,
  BoardTown,
  DeliveryModes,
  OutboxItem,
  ChannelsDto,
  SenderDto,
  FeedDto,
  LinkAck,
  LinkView,
  MineItem,
  PersonListItem,
  Preview,
  RecipientDto,
  WarningDetail,
  WarningListItem,
} from '../../../../shared/warnings.dto.ts';

/** Query keys: invalidate `warningKeys.all` after any warning write. */
export const warningKeys = {
  all: ['warnings'] as const,
  list: ['warnings', 'list'] as const,
  one: (id: string | undefined) => ['warnings', id] as const,
  board: (id: string) => ['warnings', id, 'board'] as const,
  recipients: (id: string) => ['warnings', id, 'recipients'] as const,
  persons: ['warnings', 'persons'] as const,
  mine: ['warnings', 'mine'] as const,
  policy: ['warnings', 'policy'] as const,
  channels: ['warnings', 'channels'] as const,
  feeds: ['warnings', 'feeds'] as const,
  outbox: ['warnings', 'outbox'] as const,
};
