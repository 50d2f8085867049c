// Labels and tags the hazard pages share.
import { Tag } from 'antd';
import { LEVEL_LABELS, SECTOR_LABELS, SOURCE_LABELS, STATE_LABELS } from '../../../../shared/hazards.ts';
import { t } from '../../app/i18n';
import { LabelTag, labelOf } from '../../components/LabelTag';

export const stateLabel = (s: string) => labelOf(STATE_LABELS, s);
export const levelLabel = (l: string | null) => labelOf(LEVEL_LABELS, l, t('未定级', 'Ungraded'));
export const sourceLabel = (s: string) => labelOf(SOURCE_LABELS, s);
export const sectorLabel = (s: string) => labelOf(SECTOR_LABELS, s);

export function StateTag({ state, overdue }: { state: string; overdue?: boolean }) {
  return (
    <>
      <LabelTag labels={STATE_LABELS} value={state} />
      {overdue && <Tag color="red">{t('超期', 'Overdue')}</Tag>}
    </>
  );
}

export function LevelTag({ level }: { level: string | null }) {
  return <LabelTag labels={LEVEL_LABELS} value={level} fallback={t('未定级', 'Ungraded')} />;
}
