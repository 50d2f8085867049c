// Warnings on the web: DTO types and query keys.
import type { WarningAction } from '../../../../shared/warnings.ts';

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

export interface WarningDetail extends Omit<WarningListItem, 'created_at' | 'recipients' | 'acknowledged'> {
  description: string;
  instruction: string | null;
  onset: string | null;
  area: { polygons: unknown[]; circles: unknown[]; geocodes: string[] };
  reject_reason: string | null;
  draftedByName: string | null;
  approvedByName: string | null;
  releasedByName: string | null;
  canApprove: boolean;
  isDrafter: boolean;
  /** What the current user may do now, as the server decides it (permission, state and guards). */
  actions: WarningAction[];
  chain: { id: string; identifier: string; msg_type: string; status: string; headline: string; sent_at: string | null }[];
  /** The towns the area resolves to, and why (server: resolveTowns). */
  resolvedTowns: { code: string; name: string; reason: 'geocode' | 'geometry' | 'geocode+geometry'; geocode?: string }[];
}

export interface Preview {
  total: number;
  byTown: Record<string, number>;
  recipients: { name: string; role: string; phone: string | null; jurisdictionCode: string; townCode: string }[];
}
