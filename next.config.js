/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
  // undici keeps its own connection pools; bundling it would give each route bundle another copy.
  serverExternalPackages: ['undici'],
};

export default nextConfig;
