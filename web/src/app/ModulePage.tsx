// One capability's route: its page when the module is live, otherwise a plain "not available yet" notice.
import { Card, Result, Spin } from 'antd';
import { Suspense } from 'react';
import { useAuth } from './auth';
import { getLang, useT } from './i18n';
import { moduleLabel } from './Layout';
import type { ModuleEntry } from './modules';

export function ModulePage({ module: m }: { module: ModuleEntry }) {
  const t = useT();
  const { can } = useAuth();
  if (!can(m.permission)) return <Result status="403" title="403" subTitle={t('没有访问此模块的权限', 'You do not have access to this module')} />;
  if (m.element) {
    const Page = m.element;
    return (
      <Suspense fallback={<Spin style={{ display: 'block', marginTop: 64 }} />}>
        <Page />
      </Suspense>
    );
  }
  return (
    <Card title={moduleLabel(m)}>
      <Result
        status="info"
        icon={m.icon}
        title={t('该模块尚未上线', 'This module is not available yet')}
        subTitle={getLang() === 'en' ? m.descriptionEn : m.descriptionZh}
      />
    </Card>
  );
}
