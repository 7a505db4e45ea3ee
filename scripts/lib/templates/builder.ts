/**
 * Builds n8n workflow JSON for the templates of `workflows/`: nodes laid out left to right on a grid, connections by
 * node name, sticky notes sized around the nodes they describe, and ids that stay the same from build to build (so
 * the committed files only change when a template does).
 */
import { createHash } from 'node:crypto';

import type { TemplateNode, TemplateWorkflow } from '../templateInstaller';

/** Grid cell of a node: column (left to right) and row (top to bottom). */
export type Cell = [column: number, row: number];

const COLUMN_WIDTH = 260;
const ROW_HEIGHT = 200;
/** n8n draws a node as a 100 × 100 square with its name below. */
const NODE_SIZE = 100;

export interface NodeSpec {
	name: string;
	type: string;
	typeVersion: number;
	at: Cell;
	parameters: Record<string, unknown>;
	credentials?: Record<string, string>;
	/** Give the node a webhook id (every webhook node needs one; the installer replaces it per n8n). */
	webhook?: boolean;
	onError?: 'continueErrorOutput' | 'continueRegularOutput';
	/** Shown under the node in the editor: for settings whose reason is not obvious. */
	notes?: string;
	disabled?: boolean;
	retry?: { maxTries: number; waitBetweenTries: number };
	alwaysOutputData?: boolean;
	/** Run once for all input items (a summary). */
	executeOnce?: boolean;
}

export interface StickySpec {
	/** `### Title` is written first; the body follows. */
	title: string;
	body: string;
	/** The nodes the note groups; it is sized around them. */
	around?: string[];
	/** Or an explicit place and size, for notes that stand alone (Setup). */
	at?: Cell;
	size?: [width: number, height: number];
	color?: number;
}

/** A v4-shaped UUID derived from a stable text: the same template builds the same ids. */
export function stableUuid(text: string): string {
	const hex = createHash('sha256').update(text).digest('hex');
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function positionOf([column, row]: Cell): [number, number] {
	return [Math.round(column * COLUMN_WIDTH), Math.round(row * ROW_HEIGHT)];
}

export class WorkflowBuilder {
	private readonly nodes: TemplateNode[] = [];
	private readonly stickies: TemplateNode[] = [];
	private readonly placedNotes = new Set<string>();
	private readonly connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	> = {};

	constructor(
		readonly slug: string,
		private readonly name: string,
		private readonly description: string,
	) {}

	add(spec: NodeSpec): string {
		if (this.nodes.some((n) => n.name === spec.name))
			throw new Error(`${this.slug}: two nodes named "${spec.name}"`);
		const node: TemplateNode = {
			id: stableUuid(`${this.slug}/${spec.name}`),
			name: spec.name,
			type: spec.type,
			typeVersion: spec.typeVersion,
			position: positionOf(spec.at),
			parameters: spec.parameters,
		};
		if (spec.webhook) node.webhookId = stableUuid(`${this.slug}/${spec.name}/webhook`);
		if (spec.credentials) {
			node.credentials = Object.fromEntries(
				Object.entries(spec.credentials).map(([type, name]) => [type, { id: '', name }]),
			);
		}
		if (spec.onError) node.onError = spec.onError;
		if (spec.retry) Object.assign(node, { retryOnFail: true, ...spec.retry });
		if (spec.alwaysOutputData) node.alwaysOutputData = true;
		if (spec.executeOnce) node.executeOnce = true;
		if (spec.disabled) node.disabled = true;
		if (spec.notes) Object.assign(node, { notes: spec.notes, notesInFlow: true });
		this.nodes.push(node);
		return spec.name;
	}

	/** `from`'s output (default 0) feeds `to`'s input (default 0). */
	connect(from: string, to: string, options: { output?: number; input?: number } = {}): this {
		for (const name of [from, to])
			if (!this.nodes.some((n) => n.name === name))
				throw new Error(`${this.slug}: no node "${name}" to connect`);
		const output = options.output ?? 0;
		const outputs = (this.connections[from] ??= { main: [] }).main;
		while (outputs.length <= output) outputs.push([]);
		outputs[output].push({ node: to, type: 'main', index: options.input ?? 0 });
		return this;
	}

	/** Chains nodes through their first outputs. */
	chain(...names: string[]): this {
		for (let i = 1; i < names.length; i++) this.connect(names[i - 1], names[i]);
		return this;
	}

	sticky(spec: StickySpec): this {
		let position: [number, number];
		let width: number;
		let height: number;
		if (spec.around?.length) {
			const placed = spec.around.map((name) => {
				const node = this.nodes.find((n) => n.name === name);
				if (!node) throw new Error(`${this.slug}: sticky "${spec.title}" names no node "${name}"`);
				return node.position;
			});
			const xs = placed.map((p) => p[0]);
			const ys = placed.map((p) => p[1]);
			position = [Math.min(...xs) - 60, Math.min(...ys) - 160];
			width = Math.max(...xs) - Math.min(...xs) + NODE_SIZE + 120;
			height = Math.max(...ys) - Math.min(...ys) + NODE_SIZE + 240;
		} else if (spec.at && spec.size) {
			position = positionOf(spec.at);
			[width, height] = spec.size;
			this.placedNotes.add(`Note: ${spec.title}`);
		} else {
			throw new Error(
				`${this.slug}: sticky "${spec.title}" needs nodes to go around or a place and size`,
			);
		}
		this.stickies.push({
			id: stableUuid(`${this.slug}/sticky/${spec.title}`),
			name: `Note: ${spec.title}`,
			type: 'n8n-nodes-base.stickyNote',
			typeVersion: 1,
			position,
			parameters: {
				content: `### ${spec.title}\n${spec.body}`,
				width,
				height,
				...(spec.color ? { color: spec.color } : {}),
			},
		});
		return this;
	}

	/**
	 * Notes placed by hand (the Setup note, above the start) move up until no group's note is under them: groups
	 * grow with their nodes, and an overlapped note is hard to read in the editor.
	 */
	private liftPlacedNotes() {
		const box = (n: TemplateNode) => {
			const { width, height } = n.parameters as { width: number; height: number };
			return { x: n.position[0], y: n.position[1], w: width, h: height };
		};
		for (const note of this.stickies.filter((n) => this.placedNotes.has(n.name))) {
			for (const other of this.stickies.filter((n) => n !== note)) {
				const a = box(note);
				const b = box(other);
				if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
					note.position = [a.x, b.y - a.h - 40];
			}
		}
	}

	build(): TemplateWorkflow {
		this.liftPlacedNotes();
		return {
			name: this.name,
			description: this.description,
			nodes: [...this.stickies, ...this.nodes],
			connections: this.connections,
			pinData: {},
			settings: { executionOrder: 'v1', timezone: 'Europe/Moscow' },
			meta: { templateCredsSetupCompleted: false },
			tags: [],
		};
	}
}
