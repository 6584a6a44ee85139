/**
 * Where the guide card goes: a pure function of rectangles, so it is unit-tested without a layout engine.
 *
 * The card must not cover the work: the target (and its highlight ring), the boxes that block Save with their
 * labels, and the page's Save. Each is an obstacle with a weight; the card goes where the weighted overlap is
 * smallest, and among places with no overlap, nearest the target (so the eye does not travel far). A card that
 * already sits in a free place near the target stays put: a guide that jumps while the admin scrolls is not calm.
 *
 * Candidate positions are the viewport's corners and the positions flush against each obstacle's edges: the best
 * free place always touches an obstacle edge or the viewport edge, so this finds it without a pixel grid.
 */
export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Obstacle {
  rect: Rect;
  /** How bad covering it is per pixel; the target is worth more than a blocking box, which is worth more than nothing. */
  weight: number;
}

interface Size {
  width: number;
  height: number;
}

interface PlaceInput {
  viewport: Size;
  card: Size;
  target: Rect | null;
  obstacles: Obstacle[];
  /** Where the card is now, if shown: kept when it is still free and near enough. */
  current?: { x: number; y: number } | null;
  /** Distance kept from the viewport edge. */
  margin?: number;
  /** Distance kept from each obstacle. */
  gap?: number;
}

interface Placement {
  x: number;
  y: number;
  /** Weighted overlapping area at this place (0: covers nothing that matters). */
  overlap: number;
}

export const WEIGHT = { target: 10_000, blocking: 1_000, save: 1_000, context: 4 } as const;

/** Pixel distance that counts as much as one weighted pixel² of overlap: overlap always wins over distance. */
const DISTANCE_COST = 0.5;
/** A free card stays where it is unless another free place is this much nearer the target. */
const STAY_SLACK = 240;
/** A free card this close to the target stays without looking for a nearer place. */
const NEAR = 160;
/** Obstacles used to generate candidate edges (the nearest to the target first); all of them are still scored. */
const EDGE_OBSTACLES = 32;

export const rect = (left: number, top: number, width: number, height: number): Rect => ({ left, top, right: left + width, bottom: top + height });

export function intersects(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

export function inflate(r: Rect, by: number): Rect {
  return { left: r.left - by, top: r.top - by, right: r.right + by, bottom: r.bottom + by };
}

/** The smallest rectangle holding both. */
export function union(a: Rect, b: Rect): Rect {
  return { left: Math.min(a.left, b.left), top: Math.min(a.top, b.top), right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom) };
}

function inViewport(r: Rect, vp: Size): boolean {
  return r.right > 0 && r.bottom > 0 && r.left < vp.width && r.top < vp.height && r.right > r.left && r.bottom > r.top;
}

/** Gap between two rectangles (0 when they touch or overlap). */
function distance(a: Rect, b: Rect): number {
  const dx = Math.max(0, b.left - a.right, a.left - b.right);
  const dy = Math.max(0, b.top - a.bottom, a.top - b.bottom);
  return Math.hypot(dx, dy);
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

function score(card: Rect, obstacles: Obstacle[], target: Rect | null): { overlap: number; cost: number } {
  let overlap = 0;
  for (const o of obstacles) overlap += o.weight * overlapArea(card, o.rect);
  const cost = overlap + (target ? distance(card, target) * DISTANCE_COST : 0);
  return { overlap, cost };
}

export function placeCard(input: PlaceInput): Placement {
  const { viewport: vp, card } = input;
  const margin = input.margin ?? 8;
  const gap = input.gap ?? 10;
  const maxX = Math.max(margin, vp.width - card.width - margin);
  const maxY = Math.max(margin, vp.height - card.height - margin);
  const visible = input.obstacles.filter((o) => inViewport(o.rect, vp));
  const obstacles = visible.map((o) => ({ weight: o.weight, rect: inflate(o.rect, gap / 2) }));
  const target = input.target && inViewport(input.target, vp) ? input.target : null;

  const at = (x: number, y: number) => rect(x, y, card.width, card.height);
  if (input.current) {
    const cx = clamp(input.current.x, margin, maxX);
    const cy = clamp(input.current.y, margin, maxY);
    const here = score(at(cx, cy), obstacles, target);
    if (here.overlap === 0) {
      // Free and close: stay, without searching (this runs on every frame of a scroll).
      if (!target || distance(at(cx, cy), target) <= NEAR) return { x: cx, y: cy, overlap: 0 };
      const best = search();
      if (best.overlap > 0 || !target || distance(at(cx, cy), target) <= distance(at(best.x, best.y), target) + STAY_SLACK) return { x: cx, y: cy, overlap: 0 };
      return best;
    }
  }
  return search();

  function search(): Placement {
    const xs = new Set<number>([margin, maxX]);
    const ys = new Set<number>([margin, maxY]);
    const anchor = target ?? { left: vp.width, top: 0, right: vp.width, bottom: 0 };
    const near = [...obstacles].sort((a, b) => distance(a.rect, anchor) - distance(b.rect, anchor)).slice(0, EDGE_OBSTACLES);
    for (const o of near) {
      xs.add(o.rect.right + gap / 2);
      xs.add(o.rect.left - gap / 2 - card.width);
      xs.add(o.rect.left);
      ys.add(o.rect.bottom + gap / 2);
      ys.add(o.rect.top - gap / 2 - card.height);
      ys.add(o.rect.top);
    }
    if (target) {
      xs.add(target.right + gap);
      xs.add(target.left - gap - card.width);
      xs.add(target.left);
      ys.add(target.top);
      ys.add(target.bottom + gap);
      ys.add(target.top - gap - card.height);
    }
    const cx = [...new Set([...xs].map((x) => Math.round(clamp(x, margin, maxX))))];
    const cy = [...new Set([...ys].map((y) => Math.round(clamp(y, margin, maxY))))];
    let best: Placement & { cost: number } = { x: maxX, y: margin, overlap: Infinity, cost: Infinity };
    for (const y of cy) {
      for (const x of cx) {
        const s = score(at(x, y), obstacles, target);
        if (s.cost < best.cost) best = { x, y, overlap: s.overlap, cost: s.cost };
      }
    }
    return { x: best.x, y: best.y, overlap: best.overlap };
  }
}

/**
 * The arrow for a target out of view: a point on the edge of `view` (the viewport, or the part of it a scrolling
 * container shows) towards the target's centre, and the angle to rotate a right-pointing arrow by.
 * Null while the target's centre is in view.
 */
export function edgeArrow(target: Rect, view: Rect, inset = 22): { x: number; y: number; angle: number; side: 'top' | 'bottom' | 'left' | 'right' } | null {
  const tx = (target.left + target.right) / 2;
  const ty = (target.top + target.bottom) / 2;
  if (tx >= view.left && tx <= view.right && ty >= view.top && ty <= view.bottom) return null;
  const x = clamp(tx, view.left + inset, Math.max(view.left + inset, view.right - inset));
  const y = clamp(ty, view.top + inset, Math.max(view.top + inset, view.bottom - inset));
  const side = ty < view.top ? 'top' : ty > view.bottom ? 'bottom' : tx < view.left ? 'left' : 'right';
  const angle = (Math.atan2(ty - y, tx - x) * 180) / Math.PI;
  return { x: Math.round(x), y: Math.round(y), angle: Math.round(angle), side };
}
