/**
 * A real headless Chromium (Debian's `chromium` package, driven by playwright-core) for tests that look at what a
 * person sees: n8n's editor, the emulators' pages. Screenshots go to `test-output/screenshots/` (git-ignored), which
 * CI keeps with the run's output.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.SALES_FUNNEL_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');

export interface HeadlessChromium {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** Saves a full-page PNG under test-output/screenshots/ and returns its path. */
	screenshot(name: string): Promise<string>;
	close(): Promise<void>;
}

/** Starts Chromium with a fresh profile, nothing fetched from the network but the pages a test opens. */
export async function startChromium(
	viewport = { width: 1440, height: 900 },
): Promise<HeadlessChromium> {
	if (!existsSync(CHROMIUM))
		throw new Error(
			`No Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium) or set SALES_FUNNEL_CHROMIUM.`,
		);
	const profile = mkdtempSync(path.join(tmpdir(), 'sales-funnel-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		viewport,
		locale: 'en-US',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		browser: context.browser()!,
		context,
		page,
		screenshot: async (name) => {
			mkdirSync(SCREENSHOTS, { recursive: true });
			const file = path.join(SCREENSHOTS, `${name}.png`);
			await page.screenshot({ path: file, fullPage: true });
			return file;
		},
		close: async () => {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
