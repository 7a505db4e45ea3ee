/**
 * n8n's node panel merges a node and its trigger (same name without "Trigger") into one entry and shows the
 * trigger's description for it (editor 2.40, `generateMergedNodesAndActions`). Each CRM trigger therefore carries its
 * action node's description, so searching "amo" or "bitrix" describes the node people add most. The real editor is
 * checked in test/e2e/nodePanel.realN8n.test.ts.
 */
import { AmoCrm } from '../../nodes/AmoCrm/AmoCrm.node';
import { AmoCrmTrigger } from '../../nodes/AmoCrm/AmoCrmTrigger.node';
import { Bitrix24 } from '../../nodes/Bitrix24/Bitrix24.node';
import { Bitrix24Trigger } from '../../nodes/Bitrix24/Bitrix24Trigger.node';

test.each([
	['amoCRM', new AmoCrm(), new AmoCrmTrigger()],
	['Bitrix24', new Bitrix24(), new Bitrix24Trigger()],
])('%s: the trigger carries the action node’s description', (_crm, action, trigger) => {
	expect(trigger.description.name).toBe(`${action.description.name}Trigger`);
	expect(trigger.description.description).toBe(action.description.description);
	expect(trigger.description.description).not.toMatch(/^Starts the workflow/);
});
