# syntax=docker/dockerfile:1
# nsq-console's image. The build stage installs every dependency and runs `npm run build`; the final
# stage keeps only Next's two standalone outputs (each a server, the production modules it traced and
# the static assets): the root build with the bundled launcher start.mjs in /app, and the build for
# --base-path in /app/.next-base-path/standalone, where start.mjs looks for it and from which it
# writes a copy with the base path into /tmp at start-up (scripts/base-path.ts). It runs them with
# node as an unprivileged user. No tsx, no TypeScript, no dev dependency, no npm run at run time.
#
#   docker build -t nsq-console .
#   docker run --rm -p 4171:4171 -e NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS=nsqlookupd:4161 nsq-console
#
# Configure it with NSQ_CONSOLE_* variables (or flags after the image name, e.g.
# `docker run nsq-console node start.mjs --lookupd-http-address=...`); see the README.

FROM node:22.22.2-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# The lock lists every platform's optional binaries, so npm ci installs the same tree everywhere.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:22.22.2-bookworm-slim
# MALLOC_MMAP_THRESHOLD_: glibc gives every allocation of 128 KiB or more its own mapping, returned to
# the system when freed, instead of raising that threshold as it goes and keeping freed blocks: each
# poll's response buffers and node tables (megabytes per nsqd) otherwise leave tens of megabytes of
# freed memory resident on a large cluster (BENCHMARKS.md, memory).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
# Owned by root and read-only to the server; only Next's cache directory is writable.
COPY --from=build /src/.next/standalone ./
COPY --from=build /src/.next-base-path/standalone ./.next-base-path/standalone
RUN mkdir -p .next/cache && chown 1000:1000 .next/cache
# The official image's "node" user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 4171
# Liveness, like nsqadmin's /ping. slim images have no curl: node asks, on the port of
# NSQ_CONSOLE_HTTP_ADDRESS and under NSQ_CONSOLE_BASE_PATH when they are set (a --base-path given as
# a flag instead needs its own --health-cmd).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const e=process.env,a=e.NSQ_CONSOLE_HTTP_ADDRESS||'';const p=a.slice(a.lastIndexOf(':')+1)||'4171';const b=(e.NSQ_CONSOLE_BASE_PATH||'').split('/').filter(s=>s&&s!=='.').map(s=>'/'+s).join('');fetch('http://127.0.0.1:'+p+b+'/ping',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM (docker stop) stops the poller, lets requests finish and exits 0 within 10 s.
CMD ["node", "start.mjs"]
