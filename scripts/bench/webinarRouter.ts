/**
 * How long the Webinar Router node takes on a 50,000-viewer webinar, in n8n's own engine (the harness runs the
 * workflow in n8n-core's WorkflowExecute; the figure is the node's executionTime from the run data, the number
 * n8n shows in the editor). Four shapes of the same audience: one row per item (a Google Sheet), one Bizon365
 * reports/get body, one Zoom API page with a re-join for every tenth viewer, and one CSV file.
 * The node is the compiled one from dist/ (what n8n runs): run `npm run build` first. Each timed run starts from
 * a collected heap when Node is given --expose-gc, so a run does not pay for the garbage of the one before.
 *
 *   npm run build && node --expose-gc --import tsx scripts/bench/webinarRouter.ts [viewers=50000] [runs=5]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { WorkflowHarness, type WorkflowJson } from '../../test/harness/runWorkflow';
import workflow from '../../test/nodes/WebinarRouter/webinarRouter.workflow.json';
import { viewerRows, webinarAudience } from './data';

const viewers = Number(process.argv[2] ?? 50_000);
const runs = Number(process.argv[3] ?? 5);
const ROUTER = 'Route attendees';
const start = Date.UTC(2021, 8, 13, 16, 0, 0);
const MINUTE = 60_000;

const audience = webinarAudience(viewers);

function shapes(): Record<string, INodeExecutionData[]> {
	const tableRows = viewerRows(audience).map((json) => ({ json }));
	const usersMeta: IDataObject = {};
	audience.forEach((v, i) => {
		usersMeta[`u${i}`] = { username: v.name, email: v.email, phone: v.phone, view: start + (i % 30) * MINUTE, viewTill: start + (i % 30) * MINUTE + v.minutes * MINUTE, clickBanner: v.clicked || undefined };
	});
	const bizon = [{ json: { report: { webinarId: 'room*2021-09-13T19:00:00', report: JSON.stringify({ usersMeta, rating: [] }) } } }];
	const participants: IDataObject[] = [];
	audience.forEach((v) => {
		const half = Math.floor(v.minutes / 2);
		const parts = v.minutes > 10 && v.name.endsWith('7') ? [half, v.minutes - half] : [v.minutes];
		for (const minutes of parts) {
			participants.push({ name: v.name, user_email: v.email, join_time: new Date(start).toISOString(), leave_time: new Date(start + minutes * MINUTE).toISOString(), duration: minutes * 60, status: 'in_meeting' });
		}
	});
	const zoom = [{ json: { participants } }];
	const csv = ['Имя;Почта;Телефон;Время просмотра;Кнопки', ...audience.map((v) => [v.name, v.email, v.phone, `${v.minutes} мин`, v.clicked].join(';'))].join('\n');
	const file = [{ json: {}, binary: { data: { data: Buffer.from(csv, 'utf8').toString('base64'), mimeType: 'text/csv', fileName: 'viewers.csv' } } }];
	return { 'rows as items (Google Sheets)': tableRows, 'Bizon365 reports/get body': bizon, 'Zoom API page (10% re-joins)': zoom, 'CSV file (binary)': file };
}

function withMode(mode: 'json' | 'file'): WorkflowJson {
	const copy = structuredClone(workflow) as unknown as WorkflowJson;
	copy.nodes.find((n) => n.name === ROUTER)!.parameters.inputMode = mode;
	return copy;
}

async function main() {
	const compiled = path.resolve(__dirname, '../../dist/nodes/WebinarRouter/WebinarRouter.node.js');
	if (!existsSync(compiled)) throw new Error('dist/ has no Webinar Router: run `npm run build` first');
	const { WebinarRouter } = require(compiled) as { WebinarRouter: new () => INodeType };
	const harness = new WorkflowHarness({ extraNodeTypes: { 'n8n-nodes-sales-funnel.webinarRouter': new WebinarRouter() } });
	console.log(`Webinar Router, ${viewers} viewers, node executionTime over ${runs} runs (after one warm-up run):`);
	for (const [label, items] of Object.entries(shapes())) {
		const flow = withMode(label.startsWith('CSV') ? 'file' : 'json');
		const times: number[] = [];
		let routed = 0;
		for (let run = 0; run <= runs; run++) {
			(globalThis as { gc?: () => void }).gc?.();
			const result = await harness.run(flow, { trigger: { outputs: [items] } });
			if (result.status !== 'success') throw new Error(`${label}: ${result.error?.message}`);
			const task = result.run.data.resultData.runData[ROUTER][0];
			if (run > 0) times.push(task.executionTime);
			routed = result.outputs(ROUTER).reduce((sum, output) => sum + output.length, 0);
		}
		times.sort((a, b) => a - b);
		console.log(`  ${label.padEnd(32)} median ${times[Math.floor(times.length / 2)]} ms, min ${times[0]} ms, max ${times[times.length - 1]} ms — ${routed} items out`);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
