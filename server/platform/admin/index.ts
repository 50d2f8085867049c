// 系统管理 and 审计 as platform modules: registered in MODULES so the shell lists them as available.
import type { AnlanModule } from '../module.ts';
import { adminRoutes, auditRoutes } from './admin.routes.ts';

export const adminModule: AnlanModule = { key: 'admin', routes: adminRoutes };
export const auditModule: AnlanModule = { key: 'audit', routes: auditRoutes };
