// Role names the admin pages show.
import { ROLE_LABELS } from '../../../../shared/roles.ts';
import { labelOf } from '../../components/LabelTag';

export const roleLabel = (r: string) => labelOf(ROLE_LABELS, r);
