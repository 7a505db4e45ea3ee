/**
 * n8n's node panel in a real headless Chromium (Debian's chromium) against a real n8n 2.40.7 with the packed package
 * installed: searching "amo" or "bitrix" lists our CRM node with the action node's description (n8n merges a node and
 * its trigger into one entry and shows the trigger's description, which therefore carries the action node's).
 * Screenshots stay in test-output/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { AmoCrm } from '../../nodes/AmoCrm/AmoCrm.node';
import { Bitrix24 } from '../../nodes/Bitrix24/Bitrix24.node';
import {
	ensureN8n,
	installPackageLikeCommunityNodes,
	N8nSession,
	OWNER,
	packPackage,
	startN8n,
	type RunningN8n,
} from '../../scripts/lib/realN8n';
import { startChromium, type HeadlessChromium } from '../support/chromium';

describe('the node panel of a real n8n editor', () => {
	let n8n: RunningN8n;
	let chromium: HeadlessChromium;
	let userFolder: string;
	let workflowId: string;

	beforeAll(async () => {
		const [install, tarball] = await Promise.all([ensureN8n(), packPackage()]);
		userFolder = mkdtempSync(path.join(tmpdir(), 'sales-funnel-panel-'));
		await installPackageLikeCommunityNodes(userFolder, tarball);
		[n8n, chromium] = await Promise.all([startN8n(install, { userFolder }), startChromium()]);
		const session = await N8nSession.owner(n8n.url);
		const created = await session.request<{ data: { id: string } }>('POST', '/rest/workflows', {
			name: 'Node panel check',
			nodes: [
				{
					id: 'a0000000-0000-4000-8000-000000000001',
					name: 'When clicking',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		workflowId = created.data.id;
		const page = chromium.page;
		await page.goto(`${n8n.url}/signin`);
		await page.fill('input[type=email]', OWNER.email);
		await page.fill('input[type=password]', OWNER.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 120_000 });
		await page.goto(`${n8n.url}/workflow/${workflowId}`);
		await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 180_000 });
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		await page.waitForSelector('[data-test-id="node-creator-search-bar"]', { timeout: 60_000 });
	}, 30 * 60_000);

	afterAll(async () => {
		await chromium?.close();
		await n8n?.stop();
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	/** The entries the panel lists for a search once `expected` is among them, as "title\n\ndescription" texts. */
	async function search(text: string, expected: string): Promise<string[]> {
		const page = chromium.page;
		await page.locator('[data-test-id="node-creator-search-bar"]').fill(text);
		const items = page.locator('[data-test-id="item-iterator-item"]');
		await items.filter({ hasText: expected }).first().waitFor({ timeout: 60_000 });
		return (await items.allInnerTexts()).map((t) => t.trim());
	}

	test.each([
		['amo', 'amoCRM', new AmoCrm().description.description],
		['bitrix', 'Bitrix24', new Bitrix24().description.description],
	])(
		'searching "%s" lists %s with the action node’s description',
		async (query, title, description) => {
			const entries = await search(query, title);
			await chromium.screenshot(`node-panel-search-${query}`);
			const ours = entries.filter((e) => e.split('\n')[0].trim() === title);
			expect(ours).toHaveLength(1);
			expect(ours[0]).toContain(description);
			expect(ours[0]).not.toContain('Starts the workflow');
		},
		120_000,
	);
});
