// 我的双随机任务: on the field page, the live 双随机 tasks the signed-in officer was drawn for — in any town, a
// district draw's 交叉检查 included, which her draw list does not show — each to start on the field page exactly
// as the draw's page does, or to open once started. Nothing shown when there are none.
import { useQuery } from '@tanstack/react-query';
import { Button, Card, List, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import type { MyDrawTask } from '../../../../shared/draws.dto.ts';
import { STATE_LABELS as INSPECTION_STATE_LABELS } from '../../../../shared/inspections.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { t } from '../../app/i18n';
import { labelOf } from '../../components/LabelTag';
import { drawKeys, fieldLink } from './api';

export function MyDrawTasksCard() {
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const allowed = can('inspection:write');
  const tasks = useQuery({
    queryKey: drawKeys.myTasks,
    enabled: allowed,
    queryFn: () => api.get<{ items: MyDrawTask[] }>('/api/draws/my-tasks'),
  });
  const items = tasks.data?.items ?? [];
  if (!allowed || !items.length) return null;
  return (
    <Card size="small" title={t('我的双随机任务', 'My random-inspection tasks')} data-testid="my-draw-tasks">
      <List
        dataSource={items}
        renderItem={(task) => {
          const team = task.inspectors.filter((i) => i.userId !== me?.id).map((i) => i.name);
          return (
            <List.Item
              data-testid={`my-task-${task.id}`}
              actions={[
                task.inspection ? (
                  <Link key="open" to={`/inspections/${task.inspection.id}`}>
                    {labelOf(INSPECTION_STATE_LABELS, task.inspection.state)}
                  </Link>
                ) : (
                  <Button key="start" size="small" type="primary" onClick={() => navigate(fieldLink(task))}>
                    {t('开始检查', 'Start the inspection')}
                  </Button>
                ),
              ]}
            >
              <Space direction="vertical" size={0}>
                <Typography.Text strong>
                  {task.enterpriseName} <Tag>{task.townName}</Tag>
                </Typography.Text>
                <Typography.Text type="secondary">
                  {task.drawCode} {task.drawTitle} · {t(`期限 ${task.dueDate}`, `due ${task.dueDate}`)}
                  {team.length > 0 && ` · ${t('同组', 'With')} ${team.join('、')}`}
                </Typography.Text>
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
