import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { client } from '@/test/client-builder';
import { ClientTable } from './client-table';

const rows = (html: string) => html.split('data-testid="client-row"').length - 1;
const headers = (html: string) => [...html.matchAll(/<th\b[^>]*>(?:<button[^>]*>)?([^<]*)/g)].map((m) => m[1]);

describe('ClientTable', () => {
  it('shows each client with its numbers, the connection age from connect_ts', () => {
    const html = renderToStaticMarkup(
      <ClientTable
        clients={[client({ remote_address: '10.0.0.9:5001', finish_count: 7, requeue_count: 3 })]}
        nowSeconds={1_700_000_090}
        showNode
        label="Client connections"
      />,
    );
    expect(rows(html)).toBe(1);
    expect(html).toContain('worker-1.example.com:5001');
    expect(html).toMatch(/data-testid="finished"[^>]*>7</);
    expect(html).toMatch(/data-testid="requeued"[^>]*>3</);
    expect(html).toMatch(/data-testid="connected"[^>]*>1m 30s</);
  });

  it('has one column order on both pages; the node column only where clients come from several nodes', () => {
    const one = [client()];
    const channel = headers(renderToStaticMarkup(<ClientTable clients={one} nowSeconds={0} showNode label="c" />));
    const node = headers(renderToStaticMarkup(<ClientTable clients={one} nowSeconds={0} showNode={false} label="c" />));
    expect(channel).toEqual([
      'Client Host',
      'User-Agent',
      'Attributes',
      'NSQd Host',
      'In-Flight',
      'Ready Count',
      'Finished',
      'Requeued',
      'Messages',
      'Connected',
    ]);
    expect(node).toEqual(channel.filter((h) => h !== 'NSQd Host'));
  });

  it('mounts only the rows in view of a long list', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => client({ remote_address: `10.0.0.1:${1000 + i}` }));
    const html = renderToStaticMarkup(<ClientTable clients={many} nowSeconds={0} showNode label="c" />);
    expect(rows(html)).toBeGreaterThan(5);
    expect(rows(html)).toBeLessThan(100);
    expect(html).toContain('aria-rowcount="5001"');
  });

  it('renders hostile strings as text and links only http(s) identities', () => {
    const html = renderToStaticMarkup(
      <ClientTable
        clients={[
          client({
            hostname: '<script>x()</script>',
            client_id: '<img src=x onerror=y()>',
            user_agent: '<svg onload=z()>',
            authed: true,
            auth_identity: 'eve',
            auth_identity_url: 'javascript:alert(1)',
          }),
        ]}
        nowSeconds={0}
        showNode
        label="c"
      />,
    );
    expect(html).not.toMatch(/<script|<img|<svg/);
    expect(html).toContain('&lt;script&gt;x()&lt;/script&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('Authed: eve');
  });
});
