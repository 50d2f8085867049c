// An enterprise's devices and alarms for its 一企一档 page.
import { ALARM_STATE_LABELS, SEVERITY_LABELS } from '../../../shared/monitoring.ts';
import type { RelatedSection } from '../../../shared/related.dto.ts';
import { hasPermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
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
        { label: { zh: '监测设备', en: 'Devices' }, value: m.all.total, capped: m.all.capped, tone: 'default', href: devices },
        { label: { zh: '离线', en: 'Offline' }, value: offline, capped: false, tone: offline ? 'warning' : 'default', href: `${devices}&online=false` },
        {
          label: { zh: '未关闭告警', en: 'Open alarms' },
          value: m.openCount.total,
          capped: m.openCount.capped,
          tone: m.openCount.total ? 'danger' : 'default',
          href: '/monitoring/alarms?status=open',
        },
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
