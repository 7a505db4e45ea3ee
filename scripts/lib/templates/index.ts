/**
 * Every template of `workflows/`, built from code: `npm run templates -- build` writes them, and a test checks the
 * committed files are what the builders make.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { WORKFLOWS_DIR, type TemplateWorkflow } from '../templateInstaller';
import type { WorkflowBuilder } from './builder';
import { KITS, type CrmKit } from './crm';
import { callResultsTemplate } from './callResults';
import { leadCaptureTemplate } from './leadCapture';
import { qualityControlTemplate } from './qualityControl';
import { recoveryTemplate } from './recovery';
import { webinarImportTemplate } from './webinarImport';
import { weeklyCleanupTemplate } from './weeklyCleanup';

const SCENARIOS: Array<(crm: CrmKit) => WorkflowBuilder> = [
	leadCaptureTemplate,
	webinarImportTemplate,
	callResultsTemplate,
	weeklyCleanupTemplate,
	qualityControlTemplate,
	recoveryTemplate,
];

/** File name → workflow, for both CRMs. */
export function buildTemplates(): Map<string, TemplateWorkflow> {
	const built = new Map<string, TemplateWorkflow>();
	for (const crm of Object.values(KITS)) {
		for (const scenario of SCENARIOS) {
			const wf = scenario(crm);
			built.set(`${wf.slug}.json`, wf.build());
		}
	}
	return built;
}

/** The text a template file holds: stable key order, tabs like the rest of the repository, a final newline. */
export function templateText(workflow: TemplateWorkflow): string {
	return `${JSON.stringify(workflow, null, '\t')}\n`;
}

export function writeTemplates(dir = WORKFLOWS_DIR): string[] {
	const written: string[] = [];
	for (const [file, workflow] of buildTemplates()) {
		writeFileSync(path.join(dir, file), templateText(workflow));
		written.push(file);
	}
	return written;
}
