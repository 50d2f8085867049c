// The call-response board of one warning: per-town counts (also pushed live), the recipients behind them,
// each recipient's delivery attempts, and the Excel export — all limited to the caller's scope.
import { cellTime } from '../../../shared/time.ts';
import type { Board, DeliveryModes, RecipientDto } from '../../../shared/warnings.dto.ts';
import { CHANNELS, DELIVERY_STATE_LABELS, PERSON_ROLE_LABELS, type PersonRole, RECIPIENT_STATE_LABELS } from '../../../shared/warnings.ts';
import { publicBase } from './delivery.ts';
import { getSettings } from './policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { gridSheet, newWorkbook, xlsxBytes } from '../../platform/excel.ts';
import { readableWarning } from './warnings.service.ts';
import { attemptDto, boardTownDto, maskPhone, recipientDto } from './warnings.presenters.ts';
import { boardRows, type RecipientQuery, recipientAttempts, recipientPage, recipientsForExport } from './warnings.repo.ts';
import { pageOf } from '../../platform/pagination.ts';

export async function getBoard(ctx: Ctx, warningId: string): Promise<Board> {
  const w = await readableWarning(ctx, warningId);
  return {
    warningId: w.id,
    at: ctx.deps.clock.now().toISOString(),
    towns: (await boardRows(ctx, w.id)).map(boardTownDto),
    delivery: await deliveryModes(ctx),
  };
}

/** How messages go out now (the board's and the detail's banner: outbox mode sends nothing). */
export async function deliveryModes(ctx: Ctx): Promise<DeliveryModes> {
  const s = await getSettings(ctx.db);
  const external = CHANNELS.filter((c) => c !== 'inapp');
  return {
    outboxChannels: external.filter((c) => s.channels[c].mode === 'outbox'),
    liveChannels: external.filter((c) => s.channels[c].mode === 'live'),
    publicUrl: publicBase(ctx.deps, s).absolute,
  };
}

export async function listRecipients(ctx: Ctx, warningId: string, f: RecipientQuery & { page: number; pageSize: number }) {
  const w = await readableWarning(ctx, warningId);
  const { count, items } = await recipientPage(ctx, w.id, f);
  return pageOf(count, items.map(recipientDto) satisfies RecipientDto[], f);
}

export async function listAttempts(ctx: Ctx, warningId: string, recipientId: string) {
  const w = await readableWarning(ctx, warningId);
  const rows = await recipientAttempts(ctx, w.id, recipientId);
  if (!rows) throw notFound('叫应对象', 'Recipient');
  return rows.map(attemptDto);
}

const DELIVERY_STATES_ZH = (['outbox', 'inapp', 'gateway', 'delivered'] as const).map((d) => DELIVERY_STATE_LABELS[d].zh);

/** The board as a workbook: the per-town summary and every recipient (phones masked). */
export async function exportBoard(ctx: Ctx, warningId: string): Promise<{ filename: string; data: Buffer }> {
  const w = await readableWarning(ctx, warningId);
  const rows = await recipientsForExport(ctx, w.id);
  const wb = await newWorkbook();
  const towns = await boardRows(ctx, w.id);
  gridSheet(
    wb,
    '镇街汇总',
    ['镇街', '应叫应', ...DELIVERY_STATES_ZH, '已确认', '超时未确认', '未叫醒', '升级叫应'],
    towns.map((t) => [t.town_name ?? t.town_code, t.total, t.outbox, t.inapp, t.gateway, t.delivered, t.acknowledged, t.overdue, t.not_reached, t.escalations]),
  );
  gridSheet(
    wb,
    '叫应明细',
    ['镇街', '姓名', '角色', '类型', '手机', '状态', '发送情况', '首次发送时间', '确认时间', '确认方式', '时限', '采取措施', '转移人数'],
    rows.map((r) => [
      r.town_name ?? r.town_code,
      r.name,
      PERSON_ROLE_LABELS[r.role as PersonRole]?.zh ?? '企业安全管理员',
      r.kind === 'escalation' ? '升级' : '',
      maskPhone(r.phone),
      RECIPIENT_STATE_LABELS[r.state].zh,
      r.delivery ? DELIVERY_STATE_LABELS[r.delivery].zh : '未发送',
      cellTime(r.reached_at),
      cellTime(r.acked_at),
      r.ack_via ?? '',
      cellTime(r.deadline_at),
      r.measures ?? '',
      r.people_moved ?? '',
    ]),
  );
  return { filename: `叫应情况-${w.identifier}.xlsx`, data: await xlsxBytes(wb) };
}
