import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { client } from '@/test/client-builder';
import { CLIENTS_SHOWN, NodeClients } from './node-clients';

const clients = (n: number) => Array.from({ length: n }, (_, i) => client({ remote_address: `10.0.0.1:${5000 + i}` }));
const rows = (html: string) => html.split('data-testid="client-row"').length - 1;

describe('NodeClients', () => {
  it('lists short client lists at once', () => {
    const html = renderToStaticMarkup(<NodeClients clients={clients(2)} nowSeconds={0} label="Clients of t/c" />);
    expect(rows(html)).toBe(2);
    expect(html).not.toContain('clients-toggle');
  });

  it('folds a long list behind a toggle', () => {
    const html = renderToStaticMarkup(
      <NodeClients clients={clients(CLIENTS_SHOWN + 1)} nowSeconds={0} label="Clients of t/c" />,
    );
    expect(rows(html)).toBe(0);
    expect(html).toContain(`show ${CLIENTS_SHOWN + 1} clients`);
  });
});
