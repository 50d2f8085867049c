// System administration on the web: query keys (the pages' queries are each used once).

/** Query keys: users, departments, roles and tokens. */
export const adminKeys = {
  users: ['admin', 'users'] as const,
  user: (id: string) => ['admin', 'users', id] as const,
  userSearch: (q: string) => ['admin', 'users', 'pick', q] as const,
  orgCounts: ['admin', 'org', 'counts'] as const,
  departments: ['admin', 'departments'] as const,
  roles: ['admin', 'roles'] as const,
  tokens: ['admin', 'tokens'] as const,
};
