// 案件台账: filters in the URL, server paging and sort, export to Excel.
import { Typography } from 'antd';
import { Link } from 'react-router';
import { CASE_STATE_LABELS, CASE_STATES, PUBLICATION_LABELS, PUBLICATION_STATES } from '../../../../shared/cases.ts';
import { useAuth } from '../../app/auth';
import { fmtDate, yuan } from '../../app/format';
import { t } from '../../app/i18n';
import { AddButton } from '../../components/FormParts';
import { labelOptions } from '../../components/LabelTag';
import { ListPage } from '../../components/ListPage';
import { usePlaces } from '../../components/places';
import { type CaseListItem, caseKeys } from './api';
import { CaseStateTag, PublicationTag } from './shared';

export function Ledger() {
  const { can } = useAuth();
  const { townOptions } = usePlaces();
  // 立案申请 in the header, and as the way out of an empty ledger.
  const file = (
    <AddButton show={can('enforcement:write')} to="/cases/new">
      {t('立案申请', 'File a case')}
    </AddButton>
  );
  return (
    <ListPage<CaseListItem>
      title={t('案件台账', 'Case ledger')}
      exportTo={{ url: '/api/cases/export.xlsx', fileName: '案件台账.xlsx' }}
      extra={file}
      filters={[
        { kind: 'search', key: 'q', placeholder: t('编号、案件名称或当事人', 'Code, title or party'), width: 220 },
        { kind: 'select', key: 'state', multiple: true, placeholder: t('阶段', 'Stage'), options: labelOptions(CASE_STATES, CASE_STATE_LABELS) },
        { kind: 'select', key: 'town', placeholder: t('镇街', 'Town'), search: true, options: townOptions },
        { kind: 'select', key: 'publication', placeholder: t('典型案例', 'Typical case'), options: labelOptions(PUBLICATION_STATES, PUBLICATION_LABELS) },
        { kind: 'switch', key: 'overdue', label: t('仅超期', 'Overdue only') },
      ]}
      url="/api/cases"
      queryKey={caseKeys.ledger}
      rowKey="id"
      empty={{ text: t('还没有执法案件：检查发现违法行为后在这里立案', 'No cases yet: file one when an inspection finds a violation'), action: file }}
      columns={[
        {
          title: t('案件编号', 'Code'),
          dataIndex: 'code',
          width: 150,
          hideable: false,
          sortKey: 'code',
          render: (v, r) => <Link to={`/cases/${r.id}`}>{v}</Link>,
        },
        { title: t('案件名称', 'Title'), dataIndex: 'title', ellipsis: true, card: 'title' },
        { title: t('当事人', 'Parties'), dataIndex: 'partyNames', ellipsis: true, render: (v: string[]) => v.join('、') },
        { title: t('镇街', 'Town'), dataIndex: 'townName', width: 100 },
        { title: t('阶段', 'Stage'), dataIndex: 'state', width: 150, sortKey: 'state', render: (v, r) => <CaseStateTag state={v} overdue={r.overdue} /> },
        { title: t('罚款', 'Fine'), dataIndex: 'fineFen', width: 130, sortKey: 'fine', render: (v) => yuan(v) },
        { title: t('立案申请日', 'Filed'), dataIndex: 'filedAt', width: 110, sortKey: 'filedAt', render: fmtDate },
        {
          title: t('最近期限', 'Next due'),
          dataIndex: 'nextDue',
          width: 110,
          render: (v, r) => <Typography.Text type={r.overdue ? 'danger' : undefined}>{v ?? '—'}</Typography.Text>,
        },
        { title: t('典型案例', 'Typical'), dataIndex: 'publication', width: 100, render: (v) => <PublicationTag value={v} /> },
      ]}
    />
  );
}
