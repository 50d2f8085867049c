// 文书模板: the .docx templates the numbered documents are made from; an administrator downloads one, edits it
// in Word keeping the {tags}, and uploads it to replace the default (or goes back to the default).
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Tag, Typography, Upload } from 'antd';
import type { DocumentTemplate } from '../../../../shared/documents.dto.ts';
import { api, download, upload } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtMinute } from '../../app/format';
import { t } from '../../app/i18n';
import { PlainTable } from '../../components/FormParts';
import { caseKeys } from './api';

export function Templates() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const edit = can('document:template');
  const list = useQuery({ queryKey: caseKeys.templates, queryFn: () => api.get<{ items: DocumentTemplate[] }>('/api/documents/templates') });
  const refresh = () => qc.invalidateQueries({ queryKey: caseKeys.templates });
  return (
    <Card title={t('执法文书模板', 'Document templates')}>
      <Typography.Paragraph type="secondary">
        {t(
          '下载模板，在 Word 中修改格式并保留 {字段} 标记（当事人列表为 {#parties}…{/parties}），再上传替换。文号由系统按单位、年度连续编号。',
          'Download, edit in Word keeping the {tags}, upload to replace.',
        )}
      </Typography.Paragraph>
      <PlainTable<DocumentTemplate>
        rowKey="kind"
        loading={list.isLoading}
        dataSource={list.data?.items}
        columns={[
          { title: t('文书', 'Document'), dataIndex: 'name' },
          { title: t('文号字', 'Series'), dataIndex: 'series', render: (v) => `海应急${v}〔年度〕N号` },
          {
            title: t('模板', 'Template'),
            dataIndex: 'custom',
            render: (v, r) => (v ? <Tag color="blue">{t(`自定义 ${fmtMinute(r.updatedAt)}`, 'Custom')}</Tag> : <Tag>{t('默认', 'Default')}</Tag>),
          },
          {
            title: t('可用字段', 'Tags'),
            dataIndex: 'fields',
            render: (v: DocumentTemplate['fields'], r) => [...v, ...r.partyFields].map((f) => `{${f.tag}} ${f.label}`).join('；'),
            ellipsis: true,
          },
          {
            title: '',
            dataIndex: 'kind',
            render: (kind: string, r) => (
              <Space>
                <Button size="small" icon={<DownloadOutlined />} onClick={() => download(`/api/documents/templates/${kind}/file`, `${r.name}模板.docx`)}>
                  {t('下载', 'Download')}
                </Button>
                {edit && (
                  <Upload
                    accept=".docx"
                    showUploadList={false}
                    customRequest={({ file }) =>
                      upload(`/api/documents/templates/${kind}`, [file as File])
                        .then(() => message.success(t('模板已替换', 'Template replaced')))
                        .then(refresh)
                        .catch((e) => message.error(e instanceof Error ? e.message : t('上传失败', 'Upload failed')))
                    }
                  >
                    <Button size="small" icon={<UploadOutlined />}>
                      {t('替换', 'Replace')}
                    </Button>
                  </Upload>
                )}
                {edit && r.custom && (
                  <Popconfirm
                    title={t('恢复默认模板？', 'Back to the default?')}
                    onConfirm={() => api.delete(`/api/documents/templates/${kind}`).then(refresh)}
                  >
                    <Button size="small">{t('恢复默认', 'Reset')}</Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
