// 双随机一公开 on the web: query keys, the witness's secret helpers (in the browser, never sent before the draw).
import { useQuery } from '@tanstack/react-query';
import type { DrawDetail } from '../../../../shared/draws.dto.ts';
import { api } from '../../app/api';

export const drawKeys = {
  all: ['draws'] as const,
  list: ['draws', 'list'] as const,
  detail: (id: string | undefined) => ['draws', 'detail', id] as const,
  verify: (id: string | undefined) => ['draws', 'verify', id] as const,
  conflicts: ['draws', 'conflicts'] as const,
  licences: ['enforcement', 'licences'] as const,
  myTasks: ['draws', 'my-tasks'] as const,
};

/**
 * The field page, opened on this task: its enterprise (with its name: one in another town, 交叉检查, is not
 * readable from the registry there) and its drawn officers; the record carries the task id.
 */
export const fieldLink = (task: { id: string; enterpriseId: string; enterpriseName: string; inspectors: readonly { userId: string }[] }) =>
  `/inspections/field?${new URLSearchParams({
    drawTask: task.id,
    enterprise: task.enterpriseId,
    enterpriseName: task.enterpriseName,
    officers: task.inspectors.map((i) => i.userId).join(','),
  })}`;

export function useDraw(id: string | undefined) {
  return useQuery({ queryKey: drawKeys.detail(id), queryFn: () => api.get<DrawDetail>(`/api/draws/${id}`), enabled: !!id });
}

/** hex(SHA-256(text)) with the browser's Web Crypto (the same hash the server checks the revealed secret with). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A fresh random secret for a witness (32 random bytes, hex), made on this device. */
export const randomSecret = () => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
