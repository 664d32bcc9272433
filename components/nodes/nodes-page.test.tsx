import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NodeHealth } from './nodes-page';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('NodeHealth', () => {
  it('says a node outside --nsqd-allow is refused, and why', () => {
    const html = renderToStaticMarkup(
      <NodeHealth
        n={{
          status: 'down',
          health: null,
          last_ok_at: null,
          error: {
            kind: 'refused',
            node: '127.0.0.2:4151',
            message: 'not contacted: 127.0.0.2 is outside --nsqd-allow',
          },
        }}
        now={0}
      />,
    );
    expect(text(html)).toBe('refused: not contacted: 127.0.0.2 is outside --nsqd-allow never answered');
  });

  it('shows a down node’s error, with what it answered only when the API gave it', () => {
    const error = { kind: 'http' as const, node: 'n:4151', status: 500, message: 'GET /stats: HTTP 500' };
    const down = (e: typeof error & { upstream_body?: string }) =>
      text(
        renderToStaticMarkup(<NodeHealth n={{ status: 'down', health: null, last_ok_at: 0, error: e }} now={5000} />),
      );
    expect(down(error)).toBe('down: GET /stats: HTTP 500 last seen 5 s ago');
    expect(down({ ...error, upstream_body: 'disk full' })).toBe(
      'down: GET /stats: HTTP 500: disk full last seen 5 s ago',
    );
  });
});
