import { describe, expect, it } from 'vitest';
import { ancestors, topoSort } from '../../src/plan/graph.js';

describe('topoSort', () => {
  it('orders deps first and keeps creation order among independent nodes', () => {
    const r = topoSort([
      { id: 'c', deps: ['a', 'b'] },
      { id: 'a', deps: [] },
      { id: 'b', deps: ['a'] },
      { id: 'd', deps: [] },
    ]);
    expect(r.order.map((n) => n.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(r.cycles).toEqual([]);
  });

  it('reports each cycle once, as a closed chain', () => {
    const r = topoSort([
      { id: 'x', deps: ['y'] },
      { id: 'y', deps: ['z'] },
      { id: 'z', deps: ['x'] },
      { id: 'w', deps: ['x'] },
    ]);
    expect(r.cycles).toEqual([['x', 'y', 'z', 'x']]);
  });

  it('a self-loop is a cycle; unknown deps are ignored', () => {
    expect(topoSort([{ id: 'a', deps: ['a', 'ghost'] }]).cycles).toEqual([['a', 'a']]);
  });

  it('ancestors follow deps transitively', () => {
    const nodes = [
      { id: 'a', deps: [] },
      { id: 'b', deps: ['a'] },
      { id: 'c', deps: ['b'] },
    ];
    expect([...ancestors(nodes, 'c')].sort()).toEqual(['a', 'b']);
  });
});
