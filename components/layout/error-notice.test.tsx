import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorNotice, errorDigest } from './error-notice';

const retry = () => undefined;

describe('ErrorNotice', () => {
  it('shows the digest to look up in the log, never the message', () => {
    const error = Object.assign(new Error('ECONNREFUSED 10.0.0.7:4151 password=hunter2'), { digest: '2718281828' });
    const html = renderToStaticMarkup(<ErrorNotice error={error} retry={retry} />);
    expect(html).toContain('2718281828');
    expect(html).not.toContain('hunter2');
    expect(html).not.toContain('10.0.0.7');
    expect(html).toContain('Try again');
  });

  it('says nothing of a reference when there is no digest, whatever was thrown', () => {
    for (const thrown of [new Error('boom'), 'a string', null, { digest: 42 }]) {
      expect(errorDigest(thrown)).toBeUndefined();
      const html = renderToStaticMarkup(<ErrorNotice error={thrown} retry={retry} />);
      expect(html).not.toContain('Error reference');
      expect(html).not.toContain('boom');
    }
  });
});
