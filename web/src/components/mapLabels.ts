// Which map labels to show so none overlaps another: plain geometry (web/parts.test.ts), used by MapView.

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Whether two boxes overlap (touching edges do not). */
export function overlaps(a: Box, b: Box) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** For boxes in priority order, whether each is shown: a box that overlaps one shown before it is hidden. */
export function visibleLabels(boxes: Box[]): boolean[] {
  const kept: Box[] = [];
  return boxes.map((b) => {
    if (kept.some((k) => overlaps(k, b))) return false;
    kept.push(b);
    return true;
  });
}
