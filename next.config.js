// The base path: scripts/build.ts builds twice, once at the root and once with BUILD_BASE_PATH set to a
// placeholder that the launcher replaces with --base-path at start-up (scripts/base-path.ts says why).
const basePath = process.env.BUILD_BASE_PATH ?? '';

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  basePath,
  // for what Next does not prefix itself: our fetch wrapper and raw <a href> (lib/base-path.ts)
  env: { CONSOLE_BASE_PATH: basePath },
  // scripts/build.ts type-checks the sources in its first build; the second would check them again
  typescript: { ignoreBuildErrors: process.env.BUILD_SKIP_TYPECHECK === '1' },
  poweredByHeader: false,
  reactStrictMode: true,
  // undici keeps its own connection pools; bundling it would give each route bundle another copy.
  // prom-client's default metrics hold process-wide timers and state: one copy, not one per bundle.
  // nsqjs is CommonJS that reads its own package files: loaded by Node as it is. The OpenTelemetry
  // SDK registers process-wide providers, and its gRPC and protobuf parts are not for bundling.
  serverExternalPackages: [
    'undici',
    'prom-client',
    'nsqjs',
    '@opentelemetry/api',
    '@opentelemetry/resources',
    '@opentelemetry/sdk-node',
    '@opentelemetry/sdk-metrics',
    '@opentelemetry/exporter-metrics-otlp-grpc',
    '@opentelemetry/exporter-metrics-otlp-http',
    '@opentelemetry/exporter-metrics-otlp-proto',
  ],
};

export default nextConfig;
