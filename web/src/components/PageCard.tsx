// The frame of a page or a record: a Card whose header never pushes the page wider than a phone (on a
// phone the header's buttons move under the title and wrap), the phone test every part shares, and the
// loading / not-found states of a record page.
import { Alert, Card, type CardProps, Flex, Grid, Result, Space } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../app/api';

/** Narrower than antd's md breakpoint (768 px): the shell shows a drawer, lists show cards. */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  // Before the first measurement useBreakpoint answers {}: that counts as wide.
  return screens.md === false;
}

export interface PageCardProps extends Omit<CardProps, 'title' | 'extra'> {
  title?: ReactNode;
  /** Tags after the title (a record's state, grade…). */
  tags?: ReactNode;
  /** Buttons of the header. */
  extra?: ReactNode;
}

export function PageCard({ title, tags, extra, children, ...card }: PageCardProps) {
  const phone = useIsPhone();
  const heading =
    title !== undefined || tags ? (
      <Space wrap size={[8, 4]} style={{ whiteSpace: 'normal', paddingBlock: 4 }}>
        {title}
        {tags}
      </Space>
    ) : undefined;
  if (!phone) {
    return (
      <Card title={heading} extra={extra} {...card}>
        {children}
      </Card>
    );
  }
  return (
    <Card title={heading} {...card} styles={{ body: { padding: 12 }, ...card.styles }}>
      {extra ? (
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          {extra}
        </Flex>
      ) : null}
      {children}
    </Card>
  );
}

/** What a page explains above what it shows (how a number is computed, what a button will do): an info notice. */
export function PageNote({ children }: { children: ReactNode }) {
  return <Alert type="info" showIcon style={{ marginBottom: 12 }} title={children} />;
}

/**
 * A record page's states: the Result for a 404 (not found or outside the caller's jurisdiction), a loading
 * card until the record is there, then `children(record)`.
 */
export function RecordView<R>({ query, notFound, children }: { query: { data?: R; error: unknown }; notFound: string; children: (record: R) => ReactNode }) {
  if (query.error instanceof ApiError && query.error.status === 404) return <Result status="404" title={notFound} />;
  if (query.error instanceof Error && !query.data) return <Result status="error" title={query.error.message} />;
  if (query.data === undefined) return <Card loading />;
  return <>{children(query.data)}</>;
}
