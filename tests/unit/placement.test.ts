// The card's placement: a pure function of rectangles.
import { describe, expect, it } from 'vitest';
import { WEIGHT, edgeArrow, intersects, placeCard, rect, type Obstacle } from '../../content-scripts/placement.ts';

const VP = { width: 1280, height: 800 };
const CARD = { width: 320, height: 260 };
const cardAt = (p: { x: number; y: number }, size = CARD) => rect(p.x, p.y, size.width, size.height);

describe('placeCard', () => {
  it('puts the card beside the target, clear of it', () => {
    const target = rect(500, 400, 16, 16);
    const p = placeCard({ viewport: VP, card: CARD, target, obstacles: [{ rect: target, weight: WEIGHT.target }] });
    expect(p.overlap).toBe(0);
    expect(intersects(cardAt(p), target)).toBe(false);
    // Near: within a card's width of the target.
    expect(Math.min(Math.abs(p.x - target.right), Math.abs(p.x + CARD.width - target.left))).toBeLessThan(40);
  });

  it('avoids every blocking box and label, and Save, when there is room', () => {
    const target = rect(500, 470, 14, 14);
    const rows: Obstacle[] = [];
    // A Salesforce-like two-column permission list: label cells and boxes on 12 rows.
    for (let i = 0; i < 12; i++) {
      rows.push({ rect: rect(320, 120 + i * 34, 200, 18), weight: WEIGHT.blocking });
      rows.push({ rect: rect(820, 120 + i * 34, 180, 18), weight: WEIGHT.blocking });
    }
    const save = { rect: rect(600, 60, 60, 24), weight: WEIGHT.save };
    const obstacles = [{ rect: target, weight: WEIGHT.target }, ...rows, save];
    const p = placeCard({ viewport: VP, card: CARD, target, obstacles });
    expect(p.overlap).toBe(0);
    for (const o of obstacles) expect(intersects(cardAt(p), o.rect), JSON.stringify(o.rect)).toBe(false);
  });

  it('when nothing is free, covers the target last: a blocking box before the target', () => {
    const target = rect(600, 380, 20, 20);
    const everywhere: Obstacle[] = [];
    for (let y = 0; y < 800; y += 40) for (let x = 0; x < 1280; x += 160) everywhere.push({ rect: rect(x, y, 150, 30), weight: WEIGHT.blocking });
    const p = placeCard({ viewport: VP, card: CARD, target, obstacles: [{ rect: target, weight: WEIGHT.target }, ...everywhere] });
    expect(intersects(cardAt(p), target)).toBe(false);
    expect(p.overlap).toBeGreaterThan(0);
  });

  it('stays where it is while that place is free and near (calm while the admin scrolls)', () => {
    const target = rect(500, 400, 16, 16);
    const obstacles = [{ rect: target, weight: WEIGHT.target }];
    const first = placeCard({ viewport: VP, card: CARD, target, obstacles });
    const moved = rect(500, 380, 16, 16); // scrolled by 20 px
    const second = placeCard({ viewport: VP, card: CARD, target: moved, obstacles: [{ rect: moved, weight: WEIGHT.target }], current: first });
    expect(second).toEqual({ x: first.x, y: first.y, overlap: 0 });
    // Once the target moves under the card, it moves.
    const under = rect(first.x + 20, first.y + 20, 16, 16);
    const third = placeCard({ viewport: VP, card: CARD, target: under, obstacles: [{ rect: under, weight: WEIGHT.target }], current: first });
    expect(intersects(cardAt(third), under)).toBe(false);
  });

  it('stays inside the viewport, even a small one', () => {
    const small = { width: 400, height: 300 };
    const target = rect(10, 10, 30, 30);
    const p = placeCard({ viewport: small, card: CARD, target, obstacles: [{ rect: target, weight: WEIGHT.target }] });
    expect(p.x).toBeGreaterThanOrEqual(8);
    expect(p.y).toBeGreaterThanOrEqual(8);
    expect(p.x + CARD.width).toBeLessThanOrEqual(small.width - 8 + 0.5);
  });

  it('ignores obstacles out of view', () => {
    const target = rect(500, 400, 16, 16);
    const off = { rect: rect(0, -900, 1280, 800), weight: WEIGHT.blocking };
    const p = placeCard({ viewport: VP, card: CARD, target, obstacles: [{ rect: target, weight: WEIGHT.target }, off] });
    expect(p.overlap).toBe(0);
  });
});

describe('edgeArrow', () => {
  const view = rect(0, 0, 1280, 800);
  it('is null while the target is in view', () => {
    expect(edgeArrow(rect(100, 100, 20, 20), view)).toBeNull();
  });
  it('points down from the bottom edge at a target below', () => {
    const a = edgeArrow(rect(600, 1500, 20, 20), view)!;
    expect(a.side).toBe('bottom');
    expect(a.y).toBe(800 - 22);
    expect(a.x).toBe(610);
    expect(a.angle).toBe(90);
  });
  it('points up at a target above, left at one to the left', () => {
    expect(edgeArrow(rect(600, -300, 20, 20), view)!.side).toBe('top');
    expect(edgeArrow(rect(600, -300, 20, 20), view)!.angle).toBe(-90);
    expect(edgeArrow(rect(-400, 300, 20, 20), view)!.side).toBe('left');
  });
  it('uses the visible part of a scrolling container as the view', () => {
    const list = rect(100, 100, 300, 200);
    expect(edgeArrow(rect(150, 450, 20, 20), list)!.y).toBe(300 - 22);
    expect(edgeArrow(rect(150, 150, 20, 20), list)).toBeNull();
  });
});
