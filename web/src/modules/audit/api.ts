// The audit trail on the web: query keys.

export const auditKeys = {
  list: ['audit', 'list'] as const,
  row: (id: number) => ['audit', 'row', id] as const,
};
