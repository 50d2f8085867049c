// What other modules' pages show of 乡呼县应: the "请求区级支援" button on a case's or an inspection's page (or a
// link to the open request), and an inspection's joint team (组团式执法) with its editor.
import { TeamOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Form, Input, Select, Space, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { useState } from 'react';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { t } from '../../app/i18n';
import { Field, FieldRow, FormModal, required } from '../../components/FormParts';
import { usePlaces } from '../../components/places';
import { type AssistListItem, assistKeys, type JointTeam, useJointTeam, useValidOfficers } from './api';

/** 请求区级支援 on a record of a town: opens the request form, or the request already open on it. */
export function RequestHelpButton({ on, id, label }: { on: 'case' | 'inspection'; id: string; label: string }) {
  const { can } = useAuth();
  const navigate = useNavigate();
  const key = on === 'case' ? 'caseId' : 'inspectionId';
  const open = useQuery({
    queryKey: [...assistKeys.list, key, id],
    queryFn: () => api.get<{ items: AssistListItem[] }>(`/api/assists?${key}=${id}&state=requested&state=accepted&state=working&state=done`),
    enabled: can('assist:read'),
  });
  if (!can('assist:request')) return null;
  const current = open.data?.items[0];
  if (current) return <Button onClick={() => navigate(`/assists/${current.id}`)}>{t(`区级支援 ${current.code}`, `District help ${current.code}`)}</Button>;
  return (
    <Button onClick={() => navigate(`/assists/new?${key}=${id}&label=${encodeURIComponent(label)}`)}>{t('请求区级支援', 'Ask the district for help')}</Button>
  );
}

interface TeamValues {
  leadUnitCode: string;
  officerIds: string[];
  members: { departmentCode: string; name: string; credential?: string }[];
  note?: string;
}

function TeamEditor({ inspectionId, town, team, onClose }: { inspectionId: string; town: string; team: JointTeam | null; onClose: () => void }) {
  const qc = useQueryClient();
  const { departments, name } = usePlaces();
  const officers = useValidOfficers(town);
  const others = departments.filter((d) => !d.code.endsWith('D01')).map((d) => ({ value: d.code, label: d.name }));
  const initial: Partial<TeamValues> = team
    ? {
        leadUnitCode: team.leadUnitCode,
        officerIds: team.officers.map((o) => o.userId),
        members: team.members.map((m) => ({ departmentCode: m.departmentCode, name: m.name, credential: m.credential ?? undefined })),
        note: team.note ?? undefined,
      }
    : { leadUnitCode: town, members: [{ departmentCode: '', name: '' }] };
  return (
    <FormModal<TeamValues>
      title={t('联合检查组', 'Joint team')}
      okText={t('保存', 'Save')}
      width={720}
      onClose={onClose}
      initialValues={initial}
      onSubmit={async (v) => {
        const members = (v.members ?? []).map((m) => ({ ...m, credential: m.credential || undefined }));
        await api.put(`/api/assists/joint-teams/${inspectionId}`, { ...v, members, note: v.note || undefined });
        await qc.invalidateQueries({ queryKey: assistKeys.team(inspectionId) });
      }}
    >
      <FieldRow>
        <Field span={12} name="leadUnitCode" label={t('牵头单位', 'Lead unit')} rules={[required(true)]}>
          <Select options={[{ value: town, label: name(town) }, { value: '330203', label: t('区应急管理局', 'District bureau') }, ...others]} />
        </Field>
        <Field span={12} name="officerIds" label={t('本单位执法人员（至少两名持证）', 'Our officers (two licensed)')} rules={[required(true)]}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={(officers.data?.items ?? []).map((o) => ({ value: o.userId, label: `${o.name}（${o.licenceNumber}）` }))}
          />
        </Field>
        <MemberRows departments={others} />
        <Field span={24} name="note" label={t('说明', 'Note')}>
          <Input />
        </Field>
      </FieldRow>
    </FormModal>
  );
}

/** The other departments' officers: department, name, their own credential (not our licence). */
function MemberRows({ departments }: { departments: { value: string; label: string }[] }) {
  return (
    <Field span={24} label={t('参与部门人员', 'Other departments’ officers')}>
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {fields.map((f) => (
              <Space key={f.key} wrap align="start">
                <Form.Item name={[f.name, 'departmentCode']} rules={[required(true)]} noStyle>
                  <Select placeholder={t('部门', 'Department')} style={{ width: 200 }} options={departments} aria-label={t('部门', 'Department')} />
                </Form.Item>
                <Form.Item name={[f.name, 'name']} rules={[required()]} noStyle>
                  <Input placeholder={t('姓名', 'Name')} style={{ width: 120 }} aria-label={t('姓名', 'Name')} />
                </Form.Item>
                <Form.Item name={[f.name, 'credential']} noStyle>
                  <Input placeholder={t('本部门执法证件号', 'Credential')} style={{ width: 170 }} aria-label={t('证件号', 'Credential')} />
                </Form.Item>
                <Button onClick={() => remove(f.name)}>{t('删除', 'Remove')}</Button>
              </Space>
            ))}
            <Button onClick={() => add({ departmentCode: undefined, name: '' })}>{t('添加部门人员', 'Add an officer')}</Button>
          </Space>
        )}
      </Form.List>
    </Field>
  );
}

/** An inspection's joint team (组团式执法 / 联合检查), with 登记 / 修改 for who may write inspections. */
export function JointTeamCard({ inspectionId, town }: { inspectionId: string; town: string }) {
  const { can } = useAuth();
  const q = useJointTeam(inspectionId);
  const [editing, setEditing] = useState(false);
  const team = q.data?.team ?? null;
  const edit = can('inspection:write') && (
    <Button size="small" icon={<TeamOutlined />} onClick={() => setEditing(true)}>
      {team ? t('修改检查组', 'Edit team') : t('登记联合检查组', 'Record a joint team')}
    </Button>
  );
  return (
    <Card size="small" title={t('联合检查组（组团式执法）', 'Joint inspection team')} extra={edit}>
      {team ? (
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('牵头单位', 'Lead')}>{team.leadUnitName}</Descriptions.Item>
          <Descriptions.Item label={t('参与部门', 'Departments')}>
            {team.departments.map((d) => (
              <Tag key={d}>{d}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('本单位执法人员', 'Our officers')}>
            {team.officers.map((o) => `${o.name}（${o.licenceNumber}）`).join('、')}
          </Descriptions.Item>
          <Descriptions.Item label={t('部门人员', 'Department officers')}>
            {team.members.map((m) => `${m.name}（${m.departmentName}${m.credential ? `·${m.credential}` : ''}）`).join('、')}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        t(
          '单一部门检查。需要消防、住建、市场监管等部门共同检查时登记联合检查组。',
          'A single-department inspection. Record a joint team when other departments take part.',
        )
      )}
      {editing && <TeamEditor inspectionId={inspectionId} town={town} team={team} onClose={() => setEditing(false)} />}
    </Card>
  );
}
