import type { ColumnDef } from '@tanstack/react-table';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { VirtualTable } from './virtual-table';

interface Item {
  name: string;
  size: number;
}

const COLUMNS: ColumnDef<Item>[] = [
  { id: 'name', accessorFn: (i) => i.name, meta: { label: 'Name' }, cell: ({ row }) => row.original.name },
  {
    id: 'size',
    accessorFn: (i) => i.size,
    meta: { label: 'Size', numeric: true, width: 80, testId: 'size' },
    cell: ({ row }) => String(row.original.size),
  },
];

const itemName = (i: Item) => i.name;

/** The rows as a caller gives them: sorted by size, biggest first. */
function Items({ items, onSort }: { items: Item[]; onSort?: (id: string) => void }) {
  return (
    <VirtualTable
      rows={[...items].sort((a, b) => b.size - a.size)}
      columns={COLUMNS}
      getRowId={itemName}
      sorting={{ id: 'size', desc: true }}
      label="Items"
      rowTestId="item"
      rowData={(row) => ({ 'data-name': row.id })}
      rowHeight={30}
      maxHeight={300}
      minWidth={400}
      onSort={onSort}
      empty={<p>nothing</p>}
    />
  );
}

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `item-${i}`, size: i }));
const rowsIn = (html: string) => [...html.matchAll(/data-testid="item" data-name="([^"]+)"/g)].map((m) => m[1]);

describe('VirtualTable', () => {
  it('mounts the rows of the first screen, in the order given, out of many', () => {
    const html = renderToStaticMarkup(<Items items={items(1_000)} />);
    const rows = rowsIn(html);
    expect(rows.slice(0, 3)).toEqual(['item-999', 'item-998', 'item-997']);
    // 300 px of 30 px rows, plus the overscan
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(rows.length).toBeLessThan(30);
    expect(html).toContain('aria-rowcount="1001"');
    expect(html).toMatch(/<td data-testid="size" class="[^"]*text-right[^"]*">999<\/td>/);
  });

  it('shows the sorted column in its header, and sort buttons only when it can sort', () => {
    const sortable = renderToStaticMarkup(<Items items={items(2)} onSort={() => undefined} />);
    expect(sortable).toMatch(/<th[^>]*aria-sort="descending"[^>]*>.*?Size/);
    expect(sortable).toMatch(/<th[^>]*aria-sort="none"[^>]*><button[^>]*>Name/);
    const fixed = renderToStaticMarkup(<Items items={items(2)} />);
    expect(fixed).not.toContain('<button');
  });

  it('says when there is nothing to show', () => {
    const html = renderToStaticMarkup(<Items items={[]} />);
    expect(rowsIn(html)).toEqual([]);
    expect(html).toContain('<p>nothing</p>');
  });
});
