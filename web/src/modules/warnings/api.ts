// Warnings on the web: DTO types and query keys.

export interface WarningListItem {
  id: string;
  identifier: string;
  source: 'platform' | 'external';
  msg_type: string;
  status: string;
  event_type: string;
  event_name: string;
  level: string;
  headline: string;
  area_desc: string;
  released_at: string | null;
  created_at: string;
  expires: string | null;
  sender_name: string | null;
  recipients: number;
  acknowledged: number;
}

export interface BoardRow {
  town_code: string;
  town_name: string | null;
  total: number;
  reached: number;
  acknowledged: number;
  overdue: number;
  not_reached: number;
  escalations: number;
}

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
};
