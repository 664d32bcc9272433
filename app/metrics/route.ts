import { getRuntime } from '@/lib/cluster/runtime';

// never prerendered at build time: every scrape reads the live snapshot
export const dynamic = 'force-dynamic';

// Prometheus text exposition of the whole cluster, from the shared poller's latest snapshot.
export async function GET() {
  const rt = getRuntime();
  // the first scrape after start-up waits for the first poll rather than exposing an empty cluster
  await rt.poller.snapshot();
  return new Response(await rt.metrics.render(), {
    headers: { 'Content-Type': rt.metrics.contentType, 'Cache-Control': 'no-store' },
  });
}
