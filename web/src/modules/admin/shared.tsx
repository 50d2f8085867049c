// Role and permission names the admin pages show: the Chinese name, the code in small type.
import { Space, Tag, Typography } from 'antd';
import { PERMISSION_LABELS, PERMISSION_RESOURCE_LABELS, ROLE_LABELS, permissionName } from '../../../../shared/roles.ts';
import { pick } from '../../app/i18n';
import { labelOf } from '../../components/LabelTag';

export const roleLabel = (r: string) => labelOf(ROLE_LABELS, r);
/** "hazard:approve" → 隐患·审批 (a code no map knows is named part by part). */
export const permissionLabel = (p: string) => pick(PERMISSION_LABELS[p] ?? permissionName(p));
export const resourceLabel = (r: string) => labelOf(PERMISSION_RESOURCE_LABELS, r);

/** A code in small grey type beside or under the name it belongs to. */
const SmallCode = ({ code }: { code: string }) => (
  <Typography.Text type="secondary" style={{ fontSize: 11 }}>
    {code}
  </Typography.Text>
);

/** A name with its code under it in small type. */
export function Coded({ name, code }: { name: string; code: string }) {
  return (
    <Space direction="vertical" size={0}>
      <span>{name}</span>
      <SmallCode code={code} />
    </Space>
  );
}

/** A name as a tag, its code in small type and on hover. */
function CodedTag({ name, code }: { name: string; code: string }) {
  return (
    <Tag title={code}>
      {name} <SmallCode code={code} />
    </Tag>
  );
}

/** A role as a tag: its name, the code on hover and in small type. */
export const RoleTag = ({ role }: { role: string }) => <CodedTag name={roleLabel(role)} code={role} />;

/** A permission as a tag: its name, the code in small type. */
export const PermissionTag = ({ permission }: { permission: string }) => <CodedTag name={permissionLabel(permission)} code={permission} />;
