// The registry's part of an enterprise's cross-module page: the guard. An enterprise out of the caller's
// scope (or not there) is a 404 before any other module is asked; the registry's own records (risk points,
// parks, insurance) are on the enterprise page already.
import type { RelatedSection } from '../../../shared/related.dto.ts';
import { requirePermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { findEnterprise } from './api.ts';

export async function enterpriseGuard(ctx: Ctx, id: string): Promise<RelatedSection[]> {
  requirePermission(ctx, 'registry:read');
  if (!(await findEnterprise(ctx, id))) throw notFound('企业', 'Enterprise');
  return [];
}
