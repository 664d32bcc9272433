import { defineConfig } from '@playwright/test';
import { chromiumPath } from './scripts/tools';

// The Chromium scripts/install-chromium.sh found or installed (Debian's where it can, since machines
// without internet access cannot download Playwright's own), or CHROMIUM_PATH.
const executablePath = chromiumPath();

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
});
