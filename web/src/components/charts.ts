// ECharts layout shared by every chart, so labels are never cut off and legends never sit over the axes:
// axis charts keep their axis labels inside the grid (outerBounds, the successor of grid.containLabel) and
// give a legend its own band above the plot; pies leave room around the ring for labels that wrap instead of
// being truncated ("低…"), and move overlapping labels apart.

/** A legend in its own band at the top (scrolls when the entries do not fit on one line). */
export function topLegend(data?: string[]) {
  return { type: 'scroll' as const, top: 0, left: 'center', ...(data && { data }) };
}

/** The grid of an axis chart: axis labels (rotated town names, percentages) inside it; below the legend if any. */
export function axisGrid(opts: { legend?: boolean; top?: number; right?: number } = {}) {
  return {
    left: 8,
    right: opts.right ?? 16,
    top: opts.top ?? (opts.legend ? 36 : 14),
    bottom: 8,
    outerBoundsMode: 'same' as const,
    outerBoundsContain: 'axisLabel' as const,
  };
}

/**
 * A pie (or donut) series whose labels fit: a ring small enough to leave room for them, labels that wrap
 * rather than truncate, overlapping labels moved apart, and the value after the name.
 */
export function pieSeries<D extends { name: string; value: number }>(data: D[], opts: { donut?: boolean; name?: string } = {}) {
  return {
    type: 'pie' as const,
    name: opts.name,
    radius: opts.donut ? ['34%', '56%'] : [0, '56%'],
    center: ['50%', '50%'],
    avoidLabelOverlap: true,
    minShowLabelAngle: 0,
    label: { formatter: '{b} {c}', overflow: 'break' as const, minMargin: 4, fontSize: 12 },
    labelLine: { length: 6, length2: 6 },
    labelLayout: { hideOverlap: false },
    data,
  };
}
