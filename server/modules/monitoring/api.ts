// What other modules may ask the monitoring module (they never read its tables; see server/test/boundaries.test.ts).
import { type RequireVisibleOptions, requireVisible } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';

/** A request's alarm reference, checked to be in the caller's scope (a 400 naming `field` otherwise). */
export const requireAlarm = (ctx: Ctx, id: string, field: string, opts?: RequireVisibleOptions) => requireVisible(ctx, 'monitoring_alarms', id, field, opts);
