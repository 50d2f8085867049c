// Excel 导入: pick what to import, download its template, upload, watch the progress, read the row errors.
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Progress, Radio, Space, Statistic, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { api, download, upload as uploadFile } from '../../app/api';
import { t } from '../../app/i18n';
import type { ImportJob } from '../../../../shared/registry.dto.ts';
import { PlainTable } from '../../components/FormParts';
import { useMapConfig as useWebConfig } from '../../components/mapConfig';

type Kind = 'enterprises' | 'parks' | 'risk_points';

const KINDS: { value: Kind; zh: string; en: string; hint: string }[] = [
  { value: 'enterprises', zh: '企业名录', en: 'Enterprises', hint: '按统一社会信用代码更新，不会重复' },
  { value: 'parks', zh: '园区及租户', en: 'Parks and tenants', hint: '“园区”表按镇街+园区名称更新；“租户”表须引用已登记的企业' },
  { value: 'risk_points', zh: '风险点', en: 'Risk points', hint: '按企业信用代码+风险点名称更新；LEC 自动计算等级' },
];

export function ImportPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>('enterprises');
  const [jobId, setJobId] = useState<string>();
  const job = useQuery({
    queryKey: ['registry', 'import', jobId],
    queryFn: () => api.get<ImportJob>(`/api/registry/imports/${jobId}`),
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 800 : false),
  });
  const upload = useMutation({
    mutationFn: (file: File) => uploadFile<{ id: string; total: number }>(`/api/registry/imports/${kind}`, [file]),
    onSuccess: (r) => setJobId(r.id),
    onError: (e) => message.error((e as Error).message),
  });
  const j = job.data;
  const finished = j && j.status !== 'running';
  useEffect(() => {
    if (finished) qc.invalidateQueries({ queryKey: ['registry'], predicate: (q) => q.queryKey[1] !== 'import' });
  }, [finished, qc]);
  const spec = KINDS.find((k) => k.value === kind) as (typeof KINDS)[number];
  // The limit the server enforces (ANLAN_MAX_UPLOAD_MB), not a number written here.
  const maxMb = useWebConfig().data?.uploadMaxMb;
  const limit = maxMb ? t(`不超过 ${maxMb} MB、10 万行`, `≤ ${maxMb} MB, 100,000 rows`) : t('不超过 10 万行', '≤ 100,000 rows');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('Excel 批量导入', 'Import from Excel')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setJobId(undefined);
            }}
            optionType="button"
            options={KINDS.map((k) => ({ value: k.value, label: t(k.zh, k.en) }))}
          />
          <Typography.Text type="secondary">{spec.hint}</Typography.Text>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => download(`/api/registry/imports/templates/${kind}`, `${spec.zh}导入模板.xlsx`).catch((e) => message.error(e.message))}
          >
            {t(`下载《${spec.zh}》导入模板`, 'Download the template')}
          </Button>
          <Upload.Dragger
            accept=".xlsx"
            multiple={false}
            showUploadList={false}
            disabled={upload.isPending || j?.status === 'running'}
            beforeUpload={(file) => {
              upload.mutate(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p data-testid="import-limit">{t(`点击或拖入 .xlsx 文件（${limit}）`, `Click or drop an .xlsx file (${limit})`)}</p>
          </Upload.Dragger>
        </Space>
      </Card>
      {j && (
        <Card title={t(`导入：${j.fileName}`, `Import: ${j.fileName}`)}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Progress
              percent={j.total ? Math.round((j.processed / j.total) * 100) : 0}
              status={j.status === 'failed' ? 'exception' : j.status === 'done' ? 'success' : 'active'}
            />
            <Space size="large" wrap>
              <Statistic title={t('总行数', 'Rows')} value={j.total} />
              <Statistic title={t('已处理', 'Processed')} value={j.processed} />
              <Statistic title={t('新增', 'Inserted')} value={j.inserted} valueStyle={{ color: '#389e0d' }} />
              <Statistic title={t('更新', 'Updated')} value={j.updated} valueStyle={{ color: '#1d5fb0' }} />
              <Statistic title={t('无变化', 'Unchanged')} value={j.unchanged} />
              <Statistic title={t('错误行（未导入）', 'Rows with errors')} value={j.failed} valueStyle={{ color: j.failed ? '#cf1322' : undefined }} />
            </Space>
            {j.message && <Alert type={j.status === 'failed' ? 'error' : j.failed ? 'warning' : 'success'} showIcon message={j.message} />}
            {j.errors.length > 0 && j.status !== 'running' && (
              <Button
                icon={<DownloadOutlined />}
                onClick={() =>
                  download(`/api/registry/imports/${j.id}/errors.xlsx`, `${j.fileName.replace(/\.xlsx$/i, '')}-导入错误.xlsx`).catch((e) =>
                    message.error(e.message),
                  )
                }
              >
                {t('下载错误行（Excel，含原因与原表各列）', 'Download rejected rows (Excel, with reasons and the original cells)')}
              </Button>
            )}
            <RowList rows={j.errors} text="reason" title={t('错误行（未导入）', 'Rows not imported')} label={t('原因', 'Reason')} />
            <RowList
              rows={j.notes}
              text="note"
              title={t('已规范后导入的内容', 'Values stored after normalising')}
              label={t('说明', 'Note')}
              testId="import-notes"
            />
          </Space>
        </Card>
      )}
    </Space>
  );
}

/** The rows of an import that something is said about (errors, or values normalised on the way in). */
function RowList<R extends { sheet: string; row: number; column: string }>({
  rows,
  text,
  title,
  label,
  testId,
}: {
  rows: R[];
  text: keyof R & string;
  title: string;
  label: string;
  testId?: string;
}) {
  if (rows.length === 0) return null;
  return (
    <PlainTable<R>
      data-testid={testId}
      title={() => title}
      rowKey={(e) => `${e.sheet}-${e.row}-${e.column}`}
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { title: t('工作表', 'Sheet'), dataIndex: 'sheet', width: 90 },
        { title: t('行号', 'Row'), dataIndex: 'row', width: 70 },
        { title: t('列', 'Column'), dataIndex: 'column', width: 160 },
        { title: label, dataIndex: text },
      ]}
    />
  );
}
