// What the plans module's services share: its permissions and its 404.
import { notFound } from '../../platform/errors.ts';

export const READ = 'inspection:read';
export const WRITE = 'inspection:write';
export const planNotFound = () => notFound('检查计划', 'Plan');
