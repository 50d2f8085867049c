// 请求区级支援: a town station asks the district for help on the case, inspection or enterprise the link names
// (?caseId= / ?inspectionId= / ?enterpriseId=, with ?label= for the words shown): what help, why, how urgent,
// photos or scanned papers if any. The district answers within RESPONSE_WORKING_DAYS working days.
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Form, Input, Radio } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import {
  ASSIST_KIND_LABELS,
  ASSIST_KINDS,
  ASSIST_URGENCIES,
  ASSIST_URGENCY_LABELS,
  RESPONSE_WORKING_DAYS,
  type AssistSubject,
} from '../../../../shared/assists.ts';
import { api, upload } from '../../app/api';
import { t } from '../../app/i18n';
import { Field, PhotoPicker, required, SaveForm } from '../../components/FormParts';
import { labelOptions } from '../../components/LabelTag';
import { PageCard } from '../../components/PageCard';
import { assistKeys } from './api';
import { subjectLabel } from './shared';

interface Values {
  kind: string;
  urgency: string;
  reason: string;
}

const SUBJECTS: [AssistSubject, string][] = [
  ['case', 'caseId'],
  ['inspection', 'inspectionId'],
  ['enterprise', 'enterpriseId'],
];

export function NewRequest() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const subject = SUBJECTS.find(([, key]) => params.get(key));
  if (!subject)
    return (
      <PageCard title={t('请求区级支援', 'Ask the district for help')}>
        <Alert
          type="info"
          showIcon
          message={t('请从案件、检查或企业详情页点击“请求区级支援”', 'Open a case, inspection or enterprise and choose 请求区级支援')}
        />
      </PageCard>
    );
  const [kind, key] = subject;
  return (
    <PageCard title={t('请求区级支援（乡呼县应）', 'Ask the district for help')}>
      <Alert
        style={{ marginBottom: 12 }}
        type="info"
        message={`${subjectLabel(kind)}：${params.get('label') ?? ''}`}
        description={t(
          `区级将在 ${RESPONSE_WORKING_DAYS.normal} 个工作日内（紧急：${RESPONSE_WORKING_DAYS.urgent} 个工作日）受理或说明理由。`,
          `The district answers within ${RESPONSE_WORKING_DAYS.normal} working days (urgent: ${RESPONSE_WORKING_DAYS.urgent}).`,
        )}
      />
      <SaveForm<Values>
        form={form}
        initialValues={{ kind: 'expertise', urgency: 'normal' }}
        onSubmit={async (v) => {
          const raw = files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f);
          const attachmentIds = raw.length ? (await upload<{ files: { id: string }[] }>('/api/files?kind=image', raw)).files.map((f) => f.id) : undefined;
          const r = await api.post<{ id: string }>('/api/assists', { subjectKind: kind, [key]: params.get(key), ...v, attachmentIds });
          await qc.invalidateQueries({ queryKey: assistKeys.all });
          navigate(`/assists/${r.id}`);
        }}
        buttons={<Button onClick={() => navigate(-1)}>{t('取消', 'Cancel')}</Button>}
      >
        <Field span={12} name="kind" label={t('需要的支援', 'Help needed')} rules={[required(true)]}>
          <Radio.Group options={labelOptions(ASSIST_KINDS, ASSIST_KIND_LABELS)} />
        </Field>
        <Field span={12} name="urgency" label={t('紧急程度', 'Urgency')} rules={[required(true)]}>
          <Radio.Group options={labelOptions(ASSIST_URGENCIES, ASSIST_URGENCY_LABELS)} />
        </Field>
        <Field span={24} name="reason" label={t('请求理由（镇街难以处置的原因）', 'Why the town needs help')} rules={[required()]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Field>
        <Col span={24}>
          <PhotoPicker id="assist-files" label={t('附件（可选）', 'Attachments (optional)')} files={files} onChange={setFiles} listType="picture-card" max={10}>
            <PlusOutlined />
          </PhotoPicker>
        </Col>
      </SaveForm>
    </PageCard>
  );
}
