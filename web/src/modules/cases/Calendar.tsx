// 工作日历: the working-day calendar deadlines count on (行政处罚法 §85: "二日、三日、五日、七日" are working days).
// A month view marks statutory holidays (休) and make-up working days (班) as chinese-days has them, and the
// administrator's overrides (a notice published after the package, a local change) with their basis.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Calendar as AntCalendar, Card, Flex, Input, Popconfirm, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { CalendarDay } from '../../../../shared/enforcement.dto.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtMinute } from '../../app/format';
import { t } from '../../app/i18n';
import { Field, FieldRow, FormModal, PlainTable, required } from '../../components/FormParts';
import { caseKeys } from './api';
import { YesNoField } from './shared';

interface Override {
  day: string;
  working: boolean;
  note: string;
  updatedBy: string | null;
  updatedAt: string;
}

const weekend = (day: string) => [0, 6].includes(dayjs(day).day());

/** What a day is: 班 (a weekend working day), 休 (a weekday off: a holiday), or an ordinary day. */
export function dayMark(d: Pick<CalendarDay, 'day' | 'working'>): 'makeup' | 'holiday' | 'weekend' | 'workday' {
  if (d.working) return weekend(d.day) ? 'makeup' : 'workday';
  return weekend(d.day) ? 'weekend' : 'holiday';
}

export function CalendarPage() {
  const { can } = useAuth();
  const qc = useQueryClient();
  const edit = can('calendar:write');
  const [month, setMonth] = useState(() => dayjs().startOf('month'));
  const [adding, setAdding] = useState<string>();
  const from = month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(14, 'day').format('YYYY-MM-DD');
  const days = useQuery({
    queryKey: caseKeys.calendar(month.format('YYYY-MM')),
    queryFn: () => api.get<{ items: CalendarDay[] }>(`/api/enforcement/calendar?from=${from}&to=${to}`),
  });
  const overrides = useQuery({ queryKey: caseKeys.overrides, queryFn: () => api.get<{ items: Override[] }>('/api/enforcement/calendar/overrides') });
  const byDay = new Map((days.data?.items ?? []).map((d) => [d.day, d]));
  const refresh = () => qc.invalidateQueries({ queryKey: ['cases', 'calendar'] }).then(() => qc.invalidateQueries({ queryKey: caseKeys.overrides }));

  const cell = (value: Dayjs) => {
    const d = byDay.get(value.format('YYYY-MM-DD'));
    if (!d) return null;
    const mark = dayMark(d);
    return (
      <div data-testid={`day-${d.day}`} data-working={d.working}>
        {mark === 'holiday' && <Tag color="red">{t('休', 'Off')}</Tag>}
        {mark === 'makeup' && <Tag color="blue">{t('班', 'Work')}</Tag>}
        {d.source === 'override' && <Badge status="warning" text={d.note ?? t('已调整', 'Override')} />}
      </div>
    );
  };

  return (
    <Flex vertical gap={12}>
      <Alert
        type="info"
        showIcon
        message={t(
          '行政处罚法第八十五条：本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日。陈述申辩（三个工作日）、听证申请（五个工作日）、送达（七个工作日）、移送审批（三日）等期限按此日历计算；九十日决定期限、十五日缴款期限按自然日计算，末日为节假日的顺延至下一个工作日。',
          'Administrative Penalty Law §85: the 2/3/5/7-day periods are working days. Deadlines are counted on this calendar.',
        )}
      />
      <Card title={t('工作日历', 'Working-day calendar')}>
        <AntCalendar
          value={month}
          onPanelChange={(v) => setMonth(v.startOf('month'))}
          onSelect={(v, info) => {
            if (info.source === 'date' && edit) setAdding(v.format('YYYY-MM-DD'));
            if (info.source !== 'date') setMonth(v.startOf('month'));
          }}
          cellRender={(v, info) => (info.type === 'date' ? cell(v) : null)}
        />
        <Typography.Text type="secondary">
          {t('红色“休”为法定节假日，蓝色“班”为调休上班日；黄点为管理员调整。', 'Red: holiday; blue: make-up working day; yellow: override.')}
        </Typography.Text>
      </Card>
      <Card
        title={t('工作日调整', 'Overrides')}
        extra={
          edit && (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(dayjs().format('YYYY-MM-DD'))}>
              {t('新增调整', 'Add')}
            </Button>
          )
        }
      >
        <PlainTable<Override>
          rowKey="day"
          dataSource={overrides.data?.items}
          empty={t('没有调整：日历与国务院办公厅节假日安排一致', 'No overrides')}
          columns={[
            { title: t('日期', 'Day'), dataIndex: 'day' },
            {
              title: t('设为', 'Set to'),
              dataIndex: 'working',
              render: (v) => (v ? <Tag color="blue">{t('工作日', 'Working')}</Tag> : <Tag color="red">{t('休息日', 'Day off')}</Tag>),
            },
            { title: t('依据', 'Basis'), dataIndex: 'note' },
            { title: t('修改时间', 'Updated'), dataIndex: 'updatedAt', render: fmtMinute },
            ...(edit
              ? [
                  {
                    title: '',
                    dataIndex: 'day',
                    render: (day: string) => (
                      <Popconfirm
                        title={t('删除该调整，恢复内置日历？', 'Remove this override?')}
                        onConfirm={() => api.delete(`/api/enforcement/calendar/overrides/${day}`).then(refresh)}
                      >
                        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('删除', 'Remove')} />
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {adding && (
        <FormModal<{ day: string; working: boolean; note: string }>
          title={t('设置工作日调整', 'Set an override')}
          onClose={() => setAdding(undefined)}
          initialValues={{ day: adding, working: !byDay.get(adding)?.working }}
          onSubmit={async (v) => {
            await api.put(`/api/enforcement/calendar/overrides/${v.day}`, { working: v.working, note: v.note });
            await refresh();
          }}
        >
          <FieldRow>
            <Field span={12} name="day" label={t('日期（YYYY-MM-DD）', 'Day')} rules={[required()]}>
              <Input />
            </Field>
            <YesNoField span={12} name="working" label={t('设为', 'Set to')} yes={t('工作日', 'Working day')} no={t('休息日', 'Day off')} />
            <Field span={24} name="note" label={t('依据（如国务院办公厅通知文号）', 'Basis')} rules={[required()]}>
              <Input />
            </Field>
          </FieldRow>
        </FormModal>
      )}
    </Flex>
  );
}
