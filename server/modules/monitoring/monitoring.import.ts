import { cellText, firstSheet, gridSheet, headerTexts, newWorkbook, xlsxBytes } from '../../platform/excel.ts';
import { DEVICE_TYPE_LABELS, DEVICE_TYPES, type DeviceType, OWNER_KIND_LABELS, OWNER_KINDS, type OwnerKind } from '../../../shared/monitoring.ts';
import type { Ctx } from '../../platform/context.ts';
import { fieldError, ValidationError } from '../../platform/errors.ts';
import { isIsoDate } from '../../../shared/schema.ts';
import { HAISHU_BBOX } from '../../../shared/registry.ts';
import { createDevice, type DeviceInput } from './monitoring.service.ts';
import { findEnterpriseByCreditCode, visibleParks } from '../registry/api.ts';

export const IMPORT_COLUMNS = [
  '设备编号',
  '设备名称',
  '设备类型',
  '归属',
  '企业信用代码',
  '园区名称',
  '场所名称',
  '经度',
  '纬度',
  '行政区划代码',
  '安装日期',
] as const;

const byLabel = <K extends string>(labels: Record<K, string>, keys: readonly K[], v: string): K | undefined => keys.find((k) => k === v || labels[k] === v);

export async function importDevices(ctx: Ctx, file: Buffer) {
  const ws = await firstSheet(file, 'body.fileBase64');
  const header = headerTexts(ws);
  const col = (name: (typeof IMPORT_COLUMNS)[number]) => header.indexOf(name) + 1;
  for (const name of ['设备编号', '设备名称', '设备类型', '归属', '行政区划代码'] as const)
    if (!col(name)) throw fieldError('body.fileBase64', `缺少列「${name}」`, `is missing the column "${name}"`);
  const inputs: DeviceInput[] = [];
  const issues: { field: string; message: string; messageEn: string }[] = [];
  // Owners are looked up among the rows the importer can see (park names are unique only within a town).
  const parks = new Map((await visibleParks(ctx)).map((p) => [p.name, p.id]));
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (name: (typeof IMPORT_COLUMNS)[number]) => (col(name) ? cellText(row.getCell(col(name)).value) : '');
    if (!get('设备编号') && !get('设备名称')) continue;
    const at = (name: string) => `rows[${r}].${name}`;
    const type = byLabel<DeviceType>(DEVICE_TYPE_LABELS, DEVICE_TYPES, get('设备类型'));
    const ownerKind = byLabel<OwnerKind>(OWNER_KIND_LABELS, OWNER_KINDS, get('归属'));
    if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(get('设备编号'))) issues.push({ field: at('设备编号'), message: '格式不正确', messageEn: 'has an invalid format' });
    if (!type) issues.push({ field: at('设备类型'), message: '不是允许的取值', messageEn: 'is not an allowed value' });
    if (!ownerKind) issues.push({ field: at('归属'), message: '应为 企业/园区/场所/点位', messageEn: 'must be enterprise, park or place' });
    let enterpriseId: string | null = null;
    if (ownerKind === 'enterprise') {
      const e = await findEnterpriseByCreditCode(ctx, get('企业信用代码'));
      if (!e) issues.push({ field: at('企业信用代码'), message: '找不到该企业或不在您的管辖范围内', messageEn: 'no such enterprise in your scope' });
      enterpriseId = e?.id ?? null;
    }
    const parkId = ownerKind === 'park' ? (parks.get(get('园区名称')) ?? null) : null;
    if (ownerKind === 'park' && !parkId) issues.push({ field: at('园区名称'), message: '找不到该园区', messageEn: 'no such park' });
    const lon = get('经度') ? Number(get('经度')) : null;
    const lat = get('纬度') ? Number(get('纬度')) : null;
    const b = HAISHU_BBOX;
    if (lon !== null && !(lon >= b.minLon && lon <= b.maxLon))
      issues.push({ field: at('经度'), message: '不在海曙区范围内', messageEn: 'is outside the district' });
    if (lat !== null && !(lat >= b.minLat && lat <= b.maxLat))
      issues.push({ field: at('纬度'), message: '不在海曙区范围内', messageEn: 'is outside the district' });
    const installDate = get('安装日期') || null;
    if (installDate && !isIsoDate(installDate))
      issues.push({ field: at('安装日期'), message: '应为真实存在的日期 YYYY-MM-DD', messageEn: 'must be a real date YYYY-MM-DD' });
    if (type && ownerKind)
      inputs.push({
        id: get('设备编号'),
        name: get('设备名称'),
        type,
        ownerKind,
        enterpriseId,
        parkId,
        placeName: get('场所名称') || null,
        lon,
        lat,
        jurisdictionCode: get('行政区划代码'),
        installDate,
      });
  }
  if (issues.length) throw new ValidationError(issues.slice(0, 50));
  if (!inputs.length) throw fieldError('body.fileBase64', '文件中没有设备行', 'has no device rows');
  const created: { id: string; secret: string }[] = [];
  for (const [i, d] of inputs.entries()) {
    try {
      created.push(await createDevice(ctx, d));
    } catch (e) {
      if (e instanceof ValidationError || (e as { fields?: unknown[] }).fields?.length) {
        const f = (e as ValidationError).fields[0];
        throw new ValidationError([{ ...f, field: f.field.replace(/^body/, `rows[${i + 2}]`) }]);
      }
      throw e;
    }
  }
  return { created: created.length, devices: created };
}

/** The empty template users download to fill in. */
export async function importTemplate(): Promise<Buffer> {
  const wb = await newWorkbook();
  gridSheet(wb, '设备', IMPORT_COLUMNS, [
    ['HS-SMK-9001', '1号仓库烟感', '烟感', '场所/点位', '', '', '石碶街道1号仓库', 121.49, 29.83, '330203009', '2025-03-01'],
  ]);
  return xlsxBytes(wb);
}
