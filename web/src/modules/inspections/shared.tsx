// Labels and tags the inspection pages share.
import { KIND_LABELS, RESULT_LABELS, STATE_LABELS } from '../../../../shared/inspections.ts';
import { LabelTag, labelOf } from '../../components/LabelTag';

export const kindLabel = (k: string) => labelOf(KIND_LABELS, k);
export const stateLabel = (s: string) => labelOf(STATE_LABELS, s);
export const resultLabel = (r: string | null) => labelOf(RESULT_LABELS, r);
export const KindTag = ({ kind }: { kind: string }) => <LabelTag labels={KIND_LABELS} value={kind} />;
export const StateTag = ({ state }: { state: string }) => <LabelTag labels={STATE_LABELS} value={state} />;
export const ResultTag = ({ result }: { result: string | null }) => <LabelTag labels={RESULT_LABELS} value={result} />;
