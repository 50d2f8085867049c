/// <reference types="vite/client" />
// 帮助: the role guides of docs/guide (Markdown in the repository) shown inside the app, so a bureau's intranet
// needs nothing else to serve them. There is no Markdown renderer among the dependencies, so the text is shown as
// written: headings become titles, lines keep their breaks, a screenshot is named where it stands (the pictures
// are in the repository's docs/screenshots, beside the guide).
import { Card, Tabs, Typography } from 'antd';
import { useT } from '../../app/i18n';

const FILES = import.meta.glob('../../../../docs/guide/*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** The index first, then the role pages in the order the index lists them. */
export function guides(): { name: string; text: string }[] {
  const all = Object.entries(FILES).map(([file, text]) => ({ name: (file.split('/').pop() ?? file).replace(/\.md$/, ''), text }));
  const index = all.find((g) => g.name === 'README');
  const order = [...(index?.text ?? '').matchAll(/\]\(([^)/]+)\.md\)/g)].map((m) => m[1]);
  const rank = (n: string) => (n === 'README' ? -1 : order.indexOf(n) < 0 ? order.length : order.indexOf(n));
  return all.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

function GuideText({ text }: { text: string }) {
  const blocks = text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '〔截图：$1〕')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .split(/\n{2,}/)
    .map((body, n) => ({ id: `b${n}`, body }));
  return (
    <div data-testid="help-guide">
      {blocks.map(({ id, body: block }) => {
        const heading = /^(#{1,3}) (.*)$/.exec(block.trim());
        if (heading)
          return (
            <Typography.Title key={id} level={(heading[1].length + 2) as 3 | 4 | 5}>
              {heading[2]}
            </Typography.Title>
          );
        return (
          <Typography.Paragraph key={id} style={{ whiteSpace: 'pre-wrap' }}>
            {block.replace(/`/g, '')}
          </Typography.Paragraph>
        );
      })}
    </div>
  );
}

export default function HelpPage() {
  const t = useT();
  const items = guides().map((g) => ({
    key: g.name,
    label: g.name === 'README' ? t('使用指南', 'Guide') : g.name,
    children: <GuideText text={g.text} />,
  }));
  return (
    <Card title={t('帮助 · 使用指南', 'Help · user guide (Chinese)')} size="small">
      <Tabs items={items} />
    </Card>
  );
}
