// An enterprise's devices and alarms for its 一企一档 page.
import { ALARM_STATE_LABELS, SEVERITY_LABELS } from '../../../shared/monitoring.ts';
import type { RelatedSection } from '../../../shared/related.dto.ts';
import { hasPermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { countStat } from '../../platform/related.ts';
import { enterpriseMonitoring } from './monitoring.repo.ts';

export async function enterpriseDevicesAndAlarms(ctx: Ctx, enterpriseId: string): Promise<RelatedSection[]> {
  if (!hasPermission(ctx, 'monitoring:read')) return [];
  const m = await enterpriseMonitoring(ctx, enterpriseId);
  const devices = `/monitoring/devices?enterpriseId=${enterpriseId}`;
  const offline = Math.max(0, m.all.total - m.online.total);
  return [
    {
      module: 'monitoring',
      key: 'monitoring',
      title: { zh: '监测设备与告警', en: 'Devices and alarms' },
      href: devices,
      stats: [
        countStat({ zh: '监测设备', en: 'Devices' }, m.all, devices),
        countStat({ zh: '离线', en: 'Offline' }, { total: offline, capped: false }, `${devices}&online=false`, 'warning'),
        countStat({ zh: '未关闭告警', en: 'Open alarms' }, m.openCount, '/monitoring/alarms?status=open', 'danger'),
      ],
      items: m.latest.map((a) => ({
        title: a.message,
        subtitle: `${a.device_name} · ${ALARM_STATE_LABELS[a.status].zh}`,
        tag: { zh: SEVERITY_LABELS[a.severity].zh, en: SEVERITY_LABELS[a.severity].en },
        tagColor: SEVERITY_LABELS[a.severity].color,
        at: new Date(a.raised_at).toISOString(),
        href: `/monitoring/alarms/${a.id}`,
      })),
    },
  ];
}
