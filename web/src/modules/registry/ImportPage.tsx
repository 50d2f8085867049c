// Excel 导入: pick what to import, download its template, upload, watch the progress, read the row errors.
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Progress, Radio, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../app/api';
import { download, L, uploadFile } from './shared';

type Kind = 'enterprises' | 'parks' | 'risk_points';

interface ImportJob {
  id: string;
  kind: Kind;
  status: 'running' | 'done' | 'failed';
  fileName: string;
  total: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: { sheet: string; row: number; column: string; reason: string }[];
  /** Values read after normalising them (a lower-case credit code stored upper-case). */
  notes: { sheet: string; row: number; column: string; note: string }[];
  message: string | null;
}

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
    mutationFn: (file: File) => uploadFile<{ id: string; total: number }>(`/api/registry/imports/${kind}`, file),
    onSuccess: (r) => setJobId(r.id),
    onError: (e) => message.error((e as Error).message),
  });
  const j = job.data;
  const finished = j && j.status !== 'running';
  useEffect(() => {
    if (finished) qc.invalidateQueries({ queryKey: ['registry'], predicate: (q) => q.queryKey[1] !== 'import' });
  }, [finished, qc]);
  const spec = KINDS.find((k) => k.value === kind) as (typeof KINDS)[number];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={L('Excel 批量导入', 'Import from Excel')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setJobId(undefined);
            }}
            optionType="button"
            options={KINDS.map((k) => ({ value: k.value, label: L(k.zh, k.en) }))}
          />
          <Typography.Text type="secondary">{spec.hint}</Typography.Text>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => download(`/api/registry/imports/templates/${kind}`, `${spec.zh}导入模板.xlsx`).catch((e) => message.error(e.message))}
          >
            {L(`下载《${spec.zh}》导入模板`, 'Download the template')}
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
            <p>{L('点击或拖入 .xlsx 文件（不超过 20 MB、10 万行）', 'Click or drop an .xlsx file (≤ 20 MB, 100,000 rows)')}</p>
          </Upload.Dragger>
        </Space>
      </Card>
      {j && (
        <Card title={L(`导入：${j.fileName}`, `Import: ${j.fileName}`)}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Progress
              percent={j.total ? Math.round((j.processed / j.total) * 100) : 0}
              status={j.status === 'failed' ? 'exception' : j.status === 'done' ? 'success' : 'active'}
            />
            <Space size="large">
              <Statistic title={L('总行数', 'Rows')} value={j.total} />
              <Statistic title={L('已处理', 'Processed')} value={j.processed} />
              <Statistic title={L('新增', 'Inserted')} value={j.inserted} valueStyle={{ color: '#389e0d' }} />
              <Statistic title={L('更新', 'Updated')} value={j.updated} valueStyle={{ color: '#1d5fb0' }} />
              <Statistic title={L('无变化', 'Unchanged')} value={j.unchanged} />
              <Statistic title={L('错误行（未导入）', 'Rows with errors')} value={j.failed} valueStyle={{ color: j.failed ? '#cf1322' : undefined }} />
            </Space>
            {j.message && <Alert type={j.status === 'failed' ? 'error' : j.failed ? 'warning' : 'success'} showIcon message={j.message} />}
            {j.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(e) => `${e.sheet}-${e.row}-${e.column}`}
                dataSource={j.errors}
                pagination={{ pageSize: 20 }}
                columns={[
                  { title: L('工作表', 'Sheet'), dataIndex: 'sheet', width: 90 },
                  { title: L('行号', 'Row'), dataIndex: 'row', width: 70 },
                  { title: L('列', 'Column'), dataIndex: 'column', width: 160 },
                  { title: L('原因', 'Reason'), dataIndex: 'reason' },
                ]}
              />
            )}
            {j.notes.length > 0 && (
              <Table
                size="small"
                data-testid="import-notes"
                title={() => L('已规范后导入的内容', 'Values stored after normalising')}
                rowKey={(e) => `${e.sheet}-${e.row}-${e.column}`}
                dataSource={j.notes}
                pagination={{ pageSize: 20 }}
                columns={[
                  { title: L('工作表', 'Sheet'), dataIndex: 'sheet', width: 90 },
                  { title: L('行号', 'Row'), dataIndex: 'row', width: 70 },
                  { title: L('列', 'Column'), dataIndex: 'column', width: 160 },
                  { title: L('说明', 'Note'), dataIndex: 'note' },
                ]}
              />
            )}
          </Space>
        </Card>
      )}
    </Space>
  );
}
