// Where the parts from outside npm are, once scripts/provision.sh (run by `npm test`, or
// `npm run tools:install`) has put or linked them in .tools/bin. An environment variable names
// another binary instead.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOLS_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '.tools', 'bin');

/** The Chromium the browser tests and benchmarks launch: CHROMIUM_PATH, or the provisioned one. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH || path.join(TOOLS_BIN, 'chromium');

/** The Prometheus the /metrics integration tests run: PROMETHEUS_BIN, or the provisioned one. */
export const prometheusBin = (): string => process.env.PROMETHEUS_BIN || path.join(TOOLS_BIN, 'prometheus');

/** The promtool that checks the console's rules export: PROMTOOL_BIN, or the provisioned one. */
export const promtoolBin = (): string => process.env.PROMTOOL_BIN || path.join(TOOLS_BIN, 'promtool');

/** The Alertmanager the alert integration tests push to: ALERTMANAGER_BIN, or the provisioned one. */
export const alertmanagerBin = (): string => process.env.ALERTMANAGER_BIN || path.join(TOOLS_BIN, 'alertmanager');

/** The Jaeger the OpenTelemetry integration tests export traces to: JAEGER_BIN, or the provisioned one. */
export const jaegerBin = (): string => process.env.JAEGER_BIN || path.join(TOOLS_BIN, 'jaeger');
