// A throwaway real Alertmanager (the one scripts/install-alertmanager.sh provides) for integration
// tests: a config routing every alert to a receiver that sends nothing, temp storage, 127.0.0.1 only,
// no clustering; stop() ends it and removes both.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { alertmanagerBin } from '../scripts/tools';
import { requireBinary, startTempServer, type TempServer } from './temp-server';

export type AlertmanagerServer = TempServer;

/** Fails with what to install when the binary is missing. */
export const requireAlertmanager = (): string => requireBinary(alertmanagerBin(), 'Alertmanager', 'ALERTMANAGER_BIN');

export function startAlertmanager(opts: { port: number }): Promise<AlertmanagerServer> {
  return startTempServer({
    name: 'alertmanager',
    bin: requireAlertmanager(),
    port: opts.port,
    readyPath: '/-/ready',
    async setUp(dir) {
      const config = ['route:', "  receiver: 'null'", 'receivers:', "  - name: 'null'", ''].join('\n');
      await writeFile(path.join(dir, 'alertmanager.yml'), config);
      return [
        `--config.file=${path.join(dir, 'alertmanager.yml')}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${opts.port}`,
        // no gossip with peers: one instance, listening on no other port
        '--cluster.listen-address=',
        '--log.level=warn',
      ];
    },
  });
}
