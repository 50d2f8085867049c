// 乡呼县应 requests: a town sees its own, the district all; filters in the URL, server paging and sort.
import { Typography } from 'antd';
import { Link } from 'react-router';
import { ASSIST_KIND_LABELS, ASSIST_KINDS, ASSIST_STATE_LABELS, ASSIST_STATES, ASSIST_URGENCIES, ASSIST_URGENCY_LABELS } from '../../../../shared/assists.ts';
import { useAuth } from '../../app/auth';
import { fmtDate } from '../../app/format';
import { t } from '../../app/i18n';
import { labelOptions } from '../../components/LabelTag';
import { hiddenFilter, ListPage } from '../../components/ListPage';
import { usePlaces } from '../../components/places';
import { type AssistListItem, assistKeys } from './api';
import { AssistStateTag, KindTag, subjectLabel, UrgencyTag } from './shared';

export function List() {
  const { can } = useAuth();
  const { townOptions } = usePlaces();
  return (
    <ListPage<AssistListItem>
      title={t('乡呼县应', 'Requests for district help')}
      filters={[
        { kind: 'search', key: 'q', placeholder: t('编号、对象或理由', 'Code, subject or reason'), width: 220 },
        { kind: 'select', key: 'state', multiple: true, placeholder: t('状态', 'State'), options: labelOptions(ASSIST_STATES, ASSIST_STATE_LABELS) },
        { kind: 'select', key: 'kind', placeholder: t('支援类型', 'Help'), options: labelOptions(ASSIST_KINDS, ASSIST_KIND_LABELS) },
        { kind: 'select', key: 'urgency', placeholder: t('紧急程度', 'Urgency'), options: labelOptions(ASSIST_URGENCIES, ASSIST_URGENCY_LABELS) },
        { kind: 'select', key: 'town', placeholder: t('镇街', 'Town'), search: true, options: townOptions },
        { kind: 'switch', key: 'overdue', label: t('仅响应超期', 'Answer overdue only') },
        hiddenFilter('caseId'),
        hiddenFilter('inspectionId'),
      ]}
      url="/api/assists"
      queryKey={assistKeys.list}
      rowKey="id"
      empty={{
        text: can('assist:request')
          ? t('还没有支援请求：在案件或检查详情页点击“请求区级支援”', 'No requests yet: ask from a case or an inspection page (请求区级支援)')
          : t('还没有镇街提出支援请求', 'No town has asked for help yet'),
      }}
      columns={[
        {
          title: t('编号', 'Code'),
          dataIndex: 'code',
          width: 150,
          hideable: false,
          sortKey: 'code',
          render: (v, r) => <Link to={`/assists/${r.id}`}>{v}</Link>,
        },
        {
          title: t('请求对象', 'Subject'),
          dataIndex: 'subjectLabel',
          ellipsis: true,
          card: 'title',
          render: (v, r) => `${subjectLabel(r.subjectKind)}：${v}`,
        },
        { title: t('支援类型', 'Help'), dataIndex: 'kind', width: 100, render: (v) => <KindTag value={v} /> },
        { title: t('紧急程度', 'Urgency'), dataIndex: 'urgency', width: 90, render: (v) => <UrgencyTag value={v} /> },
        { title: t('镇街', 'Town'), dataIndex: 'townName', width: 100 },
        { title: t('状态', 'State'), dataIndex: 'state', width: 170, render: (v, r) => <AssistStateTag state={v} overdue={r.overdue} /> },
        { title: t('牵头单位', 'Lead'), dataIndex: 'leadUnitName', width: 150, render: (v) => v ?? '—' },
        { title: t('提出日', 'Asked'), dataIndex: 'requestedAt', width: 110, sortKey: 'requestedAt', render: fmtDate },
        {
          title: t('响应期限', 'Answer by'),
          dataIndex: 'responseDueDay',
          width: 110,
          sortKey: 'dueAt',
          render: (v, r) => <Typography.Text type={r.overdue ? 'danger' : undefined}>{v}</Typography.Text>,
        },
      ]}
    />
  );
}
