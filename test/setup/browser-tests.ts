// Global setup of the integration project: says once, before the browser tests, when they will skip.
import { browserTests } from '../fixtures/find-chromium.js';

export default function announceBrowserTests(): void {
  if (browserTests.kind === 'skip') console.warn(browserTests.reason);
}
