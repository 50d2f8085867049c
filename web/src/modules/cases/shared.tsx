// Tags and labels of cases (over the shared/cases.ts label maps).
import { Radio, Tag } from 'antd';
import {
  CASE_ACTION_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STATE_LABELS,
  CLOCK_RULES,
  CLOCK_STATE_LABELS,
  DISCRETION_LEVEL_LABELS,
  LENIENCY_LABELS,
  PARTY_KIND_LABELS,
  PENALTY_KIND_LABELS,
  PUBLICATION_LABELS,
} from '../../../../shared/cases.ts';
import { t } from '../../app/i18n';
import { Field, required } from '../../components/FormParts';
import { LabelTag, labelOf } from '../../components/LabelTag';

export const CaseStateTag = ({ state, overdue }: { state: string; overdue?: boolean }) => (
  <>
    <LabelTag labels={CASE_STATE_LABELS} value={state} />
    {overdue && <Tag color="red">{t('超期', 'Overdue')}</Tag>}
  </>
);
export const PublicationTag = ({ value }: { value: string }) => <LabelTag labels={PUBLICATION_LABELS} value={value} />;
export const LevelTag = ({ value }: { value: string }) => <LabelTag labels={DISCRETION_LEVEL_LABELS} value={value} />;
export const ClockStateTag = ({ value }: { value: string }) => <LabelTag labels={CLOCK_STATE_LABELS} value={value} />;

export const stateLabel = (s: string) => labelOf(CASE_STATE_LABELS, s);
export const actionLabel = (a: string) => labelOf(CASE_ACTION_LABELS, a);
export const sourceLabel = (s: string) => labelOf(CASE_SOURCE_LABELS, s);
export const partyKindLabel = (s: string) => labelOf(PARTY_KIND_LABELS, s);
export const penaltyKindLabel = (s: string) => labelOf(PENALTY_KIND_LABELS, s);
export const leniencyLabel = (s: string) => labelOf(LENIENCY_LABELS, s);
export const levelLabel = (s: string) => labelOf(DISCRETION_LEVEL_LABELS, s);
export const clockLabel = (k: string) => labelOf(CLOCK_RULES as Record<string, { zh: string; en: string }>, k);

/** Timeline rows the machine does not name (creation, the clock jobs, the police's answer). */
export const EVENT_LABELS: Record<string, [string, string]> = {
  create: ['立案申请', 'Filed'],
  clock_reminder: ['期限提醒', 'Reminder'],
  clock_overdue: ['期限超期', 'Overdue'],
  clock_escalate: ['超期督办', 'Escalated'],
  period_ended: ['期间届满', 'Period ended'],
  police_accept: ['公安机关立案', 'Police accepted'],
  police_refuse: ['公安机关不予立案', 'Police refused'],
};
export const eventLabel = (a: string) => (EVENT_LABELS[a] ? t(...EVENT_LABELS[a]) : actionLabel(a));

/** A required choice between two answers as radio buttons: `yes` is true, `no` false. */
export const YesNoField = ({ name, label, yes, no, span = 24 }: { name: string; label: string; yes: string; no: string; span?: number }) => (
  <Field span={span} name={name} label={label} rules={[required(true)]}>
    <Radio.Group
      options={[
        { value: true, label: yes },
        { value: false, label: no },
      ]}
    />
  </Field>
);
