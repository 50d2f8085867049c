// Tags and the version bar the supervision pages share: which version is shown, and the draft's actions
// (new draft, publish, import, export, template) where the user may take them.
import { DownloadOutlined, HistoryOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Flex, Input, Popconfirm, Select, Space, Tag, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ImportResult, Version, VersionDetail } from '../../../../shared/supervision.dto.ts';
import { KIND_NAMES, KIND_PATHS, VERSION_STATE_NAMES, type VersionKind } from '../../../../shared/supervision.ts';
import { api, download, upload } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtDate } from '../../app/format';
import { pick, t } from '../../app/i18n';
import { Field, FormModal, required } from '../../components/FormParts';
import { LabelTag } from '../../components/LabelTag';
import { supervisionKeys } from './api';

export function VersionTag({ status }: { status: string }) {
  return <LabelTag labels={VERSION_STATE_NAMES} value={status} />;
}

export const versionLabel = (v: Pick<Version, 'number' | 'status' | 'effectiveFrom'>) =>
  `${t(`第 ${v.number} 版`, `v${v.number}`)} · ${pick(VERSION_STATE_NAMES[v.status])}${v.effectiveFrom ? ` · ${v.effectiveFrom}` : ''}`;

/** A picker over a list's versions (newest first). */
export function VersionSelect({ versions, value, onChange }: { versions: Version[]; value?: string; onChange: (id: string) => void }) {
  return (
    <Select
      aria-label={t('版本', 'Version')}
      style={{ minWidth: 220 }}
      value={value}
      onChange={onChange}
      options={versions.map((v) => ({ value: v.id, label: versionLabel(v) }))}
    />
  );
}

/** 发布: the effective date and a note. */
function PublishModal({ version, onClose }: { version: Version; onClose: () => void }) {
  const qc = useQueryClient();
  return (
    <FormModal<{ effectiveFrom: Dayjs; note?: string }>
      title={t(`发布第 ${version.number} 版`, `Publish v${version.number}`)}
      okText={t('发布', 'Publish')}
      onClose={onClose}
      initialValues={{ effectiveFrom: dayjs() }}
      onSubmit={async (v) => {
        await api.post(`/api/supervision/versions/${version.id}/publish`, { effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'), note: v.note || undefined });
        await qc.invalidateQueries({ queryKey: supervisionKeys.all });
      }}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title={t(
          '发布后该版本内容冻结、不可修改；现行版本将被废止但仍可查阅。',
          'Once published the version is frozen; the version in force is superseded but stays readable.',
        )}
      />
      <Field name="effectiveFrom" label={t('施行日期', 'Effective from')} rules={[required(true)]}>
        <DatePicker style={{ width: '100%' }} />
      </Field>
      <Field name="note" label={t('发布说明', 'Note')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Field>
    </FormModal>
  );
}

/** 导入: the draft's rows replaced by a workbook's, or its rows' errors listed (errors.xlsx). */
function ImportButton({ kind, versionId }: { kind: VersionKind; versionId: string }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [result, setResult] = useState<ImportResult>();
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Upload
        accept=".xlsx"
        showUploadList={false}
        beforeUpload={(file) => {
          setBusy(true);
          upload<ImportResult>(`/api/supervision/${KIND_PATHS[kind]}/versions/${versionId}/import`, [file])
            .then(async (r) => {
              setResult(r);
              if (r.status === 'done') message.success(t(`已导入 ${r.imported} 行`, `Imported ${r.imported} rows`));
              await qc.invalidateQueries({ queryKey: supervisionKeys.all });
            })
            .catch((e) => message.error(e.message))
            .finally(() => setBusy(false));
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy}>
          {t('导入 Excel', 'Import')}
        </Button>
      </Upload>
      {result?.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setResult(undefined)}
          style={{ width: '100%' }}
          title={t(`导入未完成：${result.errors.length} 处错误，草稿未改动`, `Import refused: ${result.errors.length} errors, the draft is unchanged`)}
          description={
            <Space direction="vertical" size={4}>
              {result.errors.slice(0, 8).map((e) => (
                <span key={`${e.row}-${e.column}`}>{t(`第 ${e.row} 行 ${e.column}：${e.message}`, `Row ${e.row} ${e.column}: ${e.message}`)}</span>
              ))}
              <Button size="small" icon={<DownloadOutlined />} onClick={() => download(`/api/supervision/imports/${result.id}/errors.xlsx`, '导入错误.xlsx')}>
                {t('下载错误行', 'Download errors')}
              </Button>
            </Space>
          }
        />
      )}
    </>
  );
}

/** New draft: a copy of the version in force, or empty. */
export function NewDraftButton({ url, onCreated }: { url: string; onCreated: (v: VersionDetail) => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<PlusOutlined />}
      loading={busy}
      onClick={() => {
        setBusy(true);
        api
          .post<VersionDetail>(url, {})
          .then(async (v) => {
            await qc.invalidateQueries({ queryKey: supervisionKeys.all });
            onCreated(v);
          })
          .catch((e: Error) => message.error(e.message))
          .finally(() => setBusy(false));
      }}
    >
      {t('新建草稿版本', 'New draft')}
    </Button>
  );
}

/**
 * The header of a versioned list: the version shown, its state and dates, and what may be done with it.
 * `exportQuery` adds the list's filters to the export (the graded list).
 */
export function VersionBar({
  kind,
  version,
  versions,
  onSelect,
  draftUrl,
  exportQuery = '',
}: {
  kind: VersionKind;
  version: Version | undefined;
  versions: Version[];
  onSelect: (id: string) => void;
  draftUrl?: string;
  exportQuery?: string;
}) {
  const { can } = useAuth();
  const [publishing, setPublishing] = useState(false);
  const editor = can('inspection:lists');
  const hasDraft = versions.some((v) => v.status === 'draft');
  const base = `/api/supervision/${KIND_PATHS[kind]}`;
  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
      {versions.length > 0 && <VersionSelect versions={versions} value={version?.id} onChange={onSelect} />}
      {version && (
        <>
          <VersionTag status={version.status} />
          <Tag>{t(`${version.rows} 条`, `${version.rows} rows`)}</Tag>
          {version.publishedAt && (
            <span style={{ color: '#888' }}>
              {t(
                `${fmtDate(version.publishedAt)} 由 ${version.publishedByName ?? '—'} 发布`,
                `published ${fmtDate(version.publishedAt)} by ${version.publishedByName ?? '—'}`,
              )}
            </span>
          )}
          <Link to={`/supervision/versions/${version.id}`}>
            <Button icon={<HistoryOutlined />} type="link">
              {t('版本记录', 'History')}
            </Button>
          </Link>
        </>
      )}
      <span style={{ flex: 1 }} />
      {editor && draftUrl && !hasDraft && <NewDraftButton url={draftUrl} onCreated={(v) => onSelect(v.id)} />}
      {editor && version?.status === 'draft' && (
        <>
          <ImportButton kind={kind} versionId={version.id} />
          <Button onClick={() => download(`${base}/template.xlsx`, `${KIND_NAMES[kind].zh}导入模板.xlsx`)}>{t('下载模板', 'Template')}</Button>
          <Button type="primary" onClick={() => setPublishing(true)} disabled={version.rows === 0}>
            {t('发布', 'Publish')}
          </Button>
        </>
      )}
      {version && (
        <Button icon={<DownloadOutlined />} onClick={() => download(`${base}/versions/${version.id}/export.xlsx${exportQuery}`, `${KIND_NAMES[kind].zh}.xlsx`)}>
          {t('导出 Excel', 'Export')}
        </Button>
      )}
      {publishing && version && <PublishModal version={version} onClose={() => setPublishing(false)} />}
    </Flex>
  );
}

/** Which version a list page shows: `?v=` when set, else the draft for editors, else the one in force. */
export function pickVersion(versions: Version[], chosen: string | null, editor: boolean): Version | undefined {
  return (
    versions.find((v) => v.id === chosen) ??
    (editor ? versions.find((v) => v.status === 'draft') : undefined) ??
    versions.find((v) => v.status === 'published') ??
    versions[0]
  );
}

/** 删除 of one draft row, after a confirmation. */
function DeleteRow({ url }: { url: string }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  return (
    <Popconfirm
      title={t('删除这一条？', 'Delete this row?')}
      onConfirm={() =>
        api
          .delete(url)
          .then(() => qc.invalidateQueries({ queryKey: supervisionKeys.all }))
          .catch((e: Error) => message.error(e.message))
      }
    >
      <Button type="link" size="small" danger>
        {t('删除', 'Delete')}
      </Button>
    </Popconfirm>
  );
}

/** The 修改 / 删除 column of a draft's rows; none for a published version (frozen) or a reader. */
export function rowActions<T extends { id: string }>(draft: boolean, onEdit: (row: T) => void, deleteUrl: (row: T) => string) {
  if (!draft) return [];
  return [
    {
      key: 'actions',
      hideable: false,
      width: 120,
      render: (_: unknown, r: T) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => onEdit(r)}>
            {t('修改', 'Edit')}
          </Button>
          <DeleteRow url={deleteUrl(r)} />
        </Space>
      ),
    },
  ];
}
