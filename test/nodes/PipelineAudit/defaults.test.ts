import { PipelineAudit } from '../../../nodes/PipelineAudit/PipelineAudit.node';
import {
	DEFAULT_AUDIT_RULES,
	DEFAULT_SWAMP_STAGES,
} from '../../../nodes/shared/funnel/audit/findings';
import { WEBINAR_FUNNEL_CLEANUP } from '../../../nodes/shared/funnel/audit/repeatWebinarCleanup';

const defaultOf = (properties: Array<{ name: string; default?: unknown }>, name: string) =>
	properties.find((p) => p.name === name)?.default;

describe("the node's defaults are the seeds' rules kept in the domain core", () => {
	test('Pipeline Audit: swamp stages, thresholds and the seed-001 cleanup', () => {
		const properties = new PipelineAudit().description.properties;
		expect(String(defaultOf(properties, 'swampStages')).split(', ')).toEqual(DEFAULT_SWAMP_STAGES);
		expect(defaultOf(properties, 'stuckAfterDays')).toBe(DEFAULT_AUDIT_RULES.stuckAfterDays);
		expect(defaultOf(properties, 'maxStages')).toBe(DEFAULT_AUDIT_RULES.maxStages);
		expect(defaultOf(properties, 'firstResponseMinutes')).toBe(
			DEFAULT_AUDIT_RULES.firstResponseMinutes,
		);
		expect({
			stageName: defaultOf(properties, 'cleanupStage'),
			olderThanDays: defaultOf(properties, 'cleanupAfterDays'),
			lossReason: defaultOf(properties, 'cleanupLossReason'),
		}).toEqual(WEBINAR_FUNNEL_CLEANUP);
		expect(defaultOf(properties, 'dryRun')).toBe(true);
	});
});
