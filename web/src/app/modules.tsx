// The capabilities the shell knows about: menu, routes and permissions come from this list.
// A module goes live by adding `element: lazy(() => import('../modules/<name>/index.tsx'))` to its entry.
import {
  AlertOutlined,
  AuditOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileSearchOutlined,
  MedicineBoxOutlined,
  OrderedListOutlined,
  NodeIndexOutlined,
  ReadOutlined,
  ScheduleOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  SoundOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';

export interface ModuleEntry {
  key: string;
  path: string;
  icon: ReactNode;
  labelZh: string;
  labelEn: string;
  /** One line from PRODUCT.md, shown while the module is not live. */
  descriptionZh: string;
  descriptionEn: string;
  /** Needed to see the module (see shared/roles.ts). */
  permission: string;
  /** Shown below the capabilities, apart from daily work. */
  system?: boolean;
  element?: LazyExoticComponent<ComponentType>;
}

export const MODULES: ModuleEntry[] = [
  {
    key: 'registry',
    path: '/registry',
    icon: <DatabaseOutlined />,
    labelZh: '监管名录',
    labelEn: 'Registry',
    descriptionZh: '分类分级监管名录库：企业、园区与小微园区、行业与特殊类别、风险等级、标准化与信用，以及双重预防风险点与四色风险图。',
    descriptionEn:
      'Classified supervision registry: enterprises, parks and small/micro parks, industries and special categories, risk grades, standardization and credit, and risk points with the four-colour risk map.',
    permission: 'registry:read',
    element: lazy(() => import('../modules/registry/index.tsx')),
  },
  {
    key: 'hazards',
    path: '/hazards',
    icon: <SafetyCertificateOutlined />,
    labelZh: '隐患治理',
    labelEn: 'Hazards',
    descriptionZh: '隐患排查治理闭环：上报、定级、整改、验收、销号，重大隐患一患一档、挂牌督办与群众举报奖励。',
    descriptionEn:
      'Hazard closed loop: report, grade, rectify, accept and close; one file per major hazard, government supervision and public reports with rewards.',
    permission: 'hazard:read',
    element: lazy(() => import('../modules/hazards/index.tsx')),
  },
  {
    key: 'inspections',
    path: '/inspections',
    icon: <FileSearchOutlined />,
    labelZh: '现场检查',
    labelEn: 'Inspections',
    descriptionZh: '执法检查与园区、企业自查：扫码入企、手机离线填写检查表、拍照、双人确认与企业签字，不合格项一键转隐患，检查文书与台账。',
    descriptionEn:
      'Enforcement inspections and park/enterprise self-inspections: scan to enter, offline checklists on a phone, photos, two officers and the enterprise signing, failed items into the hazard loop, documents and the ledger.',
    permission: 'inspection:read',
    element: lazy(() => import('../modules/inspections/index.tsx')),
  },
  {
    key: 'supervision',
    path: '/supervision',
    icon: <OrderedListOutlined />,
    labelZh: '监管清单',
    labelEn: 'Supervision lists',
    descriptionZh: '行政执法“三张清单”：赋权清单、检查事项清单（向社会公开）、分级分类监管清单（区级重点执法单位），检查频次政策与各行业检查表，均按版本发布。',
    descriptionEn:
      'The three enforcement lists (powers, public supervision items, graded list with the district key units), the inspection frequency policy and industry checklists, each published as versions.',
    permission: 'inspection:read',
    element: lazy(() => import('../modules/supervision/index.tsx')),
  },
  {
    key: 'cases',
    path: '/cases',
    icon: <AuditOutlined />,
    labelZh: '执法案件',
    labelEn: 'Enforcement cases',
    descriptionZh: '行政处罚案件全流程：立案、调查取证、告知与听证、决定、送达、执行、结案，一案双罚、裁量基准、工作日期限、执法文书与典型案例公开。',
    descriptionEn:
      'Administrative penalty cases end to end: filing, investigation, notice and hearing, decision, service, execution and closing; two penalties per case, discretion standards, working-day deadlines, documents and typical cases.',
    permission: 'enforcement:read',
    element: lazy(() => import('../modules/cases/index.tsx')),
  },
  {
    key: 'assists',
    path: '/assists',
    icon: <TeamOutlined />,
    labelZh: '乡呼县应',
    labelEn: 'District help',
    descriptionZh:
      '镇街遇到专业性强、案情复杂或大型企业等难以处置的问题，向区级请求专业支援、联合执法或提级办案；区级限期响应、指派牵头单位和人员，处置到镇街确认办结。',
    descriptionEn:
      'A town asks the district for expert support, joint enforcement or an escalated case; the district answers within working days, assigns a lead unit and officers, and the town confirms the closure.',
    permission: 'assist:read',
    element: lazy(() => import('../modules/assists/index.tsx')),
  },
  {
    key: 'plans',
    path: '/plans',
    icon: <ScheduleOutlined />,
    labelZh: '检查计划',
    labelEn: 'Inspection plans',
    descriptionZh: '年度/季度监督检查计划（按分级分类与检查频次）、执行情况（应检、已检、超频次、从未检查）与专项检查整治。',
    descriptionEn: 'Annual and quarterly inspection plans by supervision class and frequency, their progress, and special campaigns.',
    permission: 'inspection:read',
    element: lazy(() => import('../modules/plans/index.tsx')),
  },
  {
    key: 'draws',
    path: '/draws',
    icon: <NodeIndexOutlined />,
    labelZh: '双随机一公开',
    labelEn: 'Random inspections',
    descriptionZh: '随机抽取检查对象和执法人员（持证、回避、交叉检查），抽取前公示承诺值，结果公开可验证。',
    descriptionEn:
      'Random draws of enterprises and licensed inspectors with recusal; the commitment is published before the draw and anyone can verify the result.',
    permission: 'inspection:read',
    element: lazy(() => import('../modules/draws/index.tsx')),
  },
  {
    key: 'monitoring',
    path: '/monitoring',
    icon: <DashboardOutlined />,
    labelZh: '安全运行监测',
    labelEn: 'Monitoring',
    descriptionZh: '城市安全运行监测预警与值班值守：物联感知设备、告警研判与处置、值班排班与交接、事故信息报送时限。',
    descriptionEn: 'Safety operation center: IoT devices, alarm triage and handling, duty rosters and handover, and accident reporting clocks.',
    permission: 'monitoring:read',
    element: lazy(() => import('../modules/monitoring/index.tsx')),
  },
  {
    key: 'warnings',
    path: '/warnings',
    icon: <SoundOutlined />,
    labelZh: '预警叫应',
    labelEn: 'Warnings',
    descriptionZh: '预警发布与叫应：按区域精准推送到责任人，多渠道送达，逐人确认，未应答自动重试与升级。',
    descriptionEn:
      'Warnings and call-response: targeted to responsible persons in the area, delivered over several channels, acknowledged person by person, with retries and escalation.',
    permission: 'warning:read',
    element: lazy(() => import('../modules/warnings/index.tsx')),
  },
  {
    key: 'command',
    path: '/command',
    icon: <AlertOutlined />,
    labelZh: '指挥救援',
    labelEn: 'Command',
    descriptionZh: '1618 指挥救援体系：突发事件分级与续报、应急预案启动、指挥部编组、任务下达与反馈、复盘与演练。',
    descriptionEn:
      'Command and rescue: incident grading and reports, contingency plan activation, headquarters groups, tasks with feedback, reviews and drills.',
    permission: 'command:read',
  },
  {
    key: 'resources',
    path: '/resources',
    icon: <MedicineBoxOutlined />,
    labelZh: '救援力量',
    labelEn: 'Resources',
    descriptionZh: '救援力量与保障：救援队伍与人员资质、装备车辆、物资库存与有效期、避灾安置场所、人员转移。',
    descriptionEn:
      'Rescue forces and support: teams and certificates, equipment and vehicles, supplies with stock and expiry, shelters, and evacuation of people at risk.',
    permission: 'resource:read',
  },
  {
    key: 'training',
    path: '/training',
    icon: <ReadOutlined />,
    labelZh: '考培管理',
    labelEn: 'Training',
    descriptionZh: '考培分离：题库与组卷、在线考试、证书有效期与复审、培训与活动签到。',
    descriptionEn:
      'Training and exams kept apart: question banks and papers, online exams, certificates with expiry and review, training sessions and attendance.',
    permission: 'training:read',
  },
  {
    key: 'assessment',
    path: '/assessment',
    icon: <TrophyOutlined />,
    labelZh: '考核通报',
    labelEn: 'Assessment',
    descriptionZh: '考核评价与通报：按平台数据对镇街和部门季度评分，指标与权重可配置，通报与报表导出，领导大屏。',
    descriptionEn:
      'Assessment and reports: quarterly scoring of towns and departments from platform data with configurable indicators, notices and report exports, the leadership big screen.',
    permission: 'assessment:read',
  },
  {
    key: 'admin',
    path: '/admin',
    icon: <SettingOutlined />,
    labelZh: '系统管理',
    labelEn: 'Administration',
    descriptionZh: '用户、角色、组织机构与可配置规则的管理。',
    descriptionEn: 'Users, roles, organizations and configurable rules.',
    permission: 'user:write',
    system: true,
    element: lazy(() => import('../modules/admin/index.tsx')),
  },
  {
    key: 'audit',
    path: '/audit',
    icon: <AuditOutlined />,
    labelZh: '审计',
    labelEn: 'Audit',
    descriptionZh: '防篡改的操作审计记录：谁、在何时、从何处、做了什么、改动前后。',
    descriptionEn: 'Tamper-evident audit trail: who did what, when, from where, before and after.',
    permission: 'audit:read',
    system: true,
    element: lazy(() => import('../modules/audit/index.tsx')),
  },
];
