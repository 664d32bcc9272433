/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
  // undici keeps its own connection pools; bundling it would give each route bundle another copy.
  // prom-client's default metrics hold process-wide timers and state: one copy, not one per bundle.
  serverExternalPackages: ['undici', 'prom-client'],
};

export default nextConfig;
