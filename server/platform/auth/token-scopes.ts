// What an API token may be scoped to. A token acts as one user, narrowed to an explicit list of
// permissions: each must exist, the user must hold it, and none may manage tokens. An empty list is
// refused — it used to mean "everything the user may do", which is not what a machine client needs.
import { can, PERMISSIONS } from '../../../shared/roles.ts';
import { type FieldIssue, ValidationError } from '../errors.ts';

const RESOURCES = new Set(PERMISSIONS.map((p) => p.split(':')[0]));

function problem(held: ReadonlySet<string>, scope: string): [string, string] | null {
  const [resource, action] = scope.split(':');
  const known = PERMISSIONS.includes(scope) || (action === '*' && RESOURCES.has(resource));
  if (!known) return ['不是已知的权限（格式 资源:操作，如 monitoring:write）', 'is not a known permission (resource:action, e.g. monitoring:write)'];
  if (resource === 'token') return ['访问令牌不能管理令牌', 'cannot be given to a token (tokens never manage tokens)'];
  const holds = action === '*' ? held.has('*:*') || held.has(scope) : can(held, scope);
  if (!holds) return ['该用户没有此权限', 'is not a permission the user holds'];
  return null;
}

/** Throws a 400 naming `${field}` or `${field}.<i>` unless every scope is valid for a user holding `held`. */
export function checkTokenScopes(held: ReadonlySet<string>, scopes: readonly string[], field = 'body.scopes'): void {
  if (scopes.length === 0) throw new ValidationError([{ field, message: '至少指定一项权限', messageEn: 'must list at least one permission' }]);
  const issues: FieldIssue[] = [];
  scopes.forEach((s, i) => {
    const p = problem(held, s);
    if (p) issues.push({ field: `${field}.${i}`, message: `${s} ${p[0]}`, messageEn: `${s} ${p[1]}` });
  });
  if (issues.length) throw new ValidationError(issues);
}
