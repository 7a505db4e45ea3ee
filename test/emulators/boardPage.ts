/**
 * A read-only web page of an emulated CRM account, `GET /__emulator/board`: each pipeline a row of stage columns,
 * each deal a card with its amount, responsible, contact, tags, open tasks and latest notes — so a person trying the
 * demo can see what a template did. The newest deals come first; a column shows at most `limit` cards.
 * Query: `?pipeline=<name or id>` shows one pipeline, `?q=<text>` only cards containing the text, `?limit=N`.
 */
import type http from 'node:http';

export interface BoardCard {
	id: string | number;
	title: string;
	amount?: number | null;
	responsible?: string;
	contact?: string;
	tags: string[];
	tasks: string[];
	notes: string[];
	/** Milliseconds; newest first. */
	updatedAt: number;
}

export interface BoardStage {
	name: string;
	color?: string;
	/** won / lost stages are drawn muted. */
	closed?: 'won' | 'lost';
	cards: BoardCard[];
}

export interface BoardPipeline {
	id: string | number;
	name: string;
	stages: BoardStage[];
}

export interface Board {
	crm: 'amoCRM' | 'Bitrix24';
	account: string;
	pipelines: BoardPipeline[];
}

const escape = (text: unknown) =>
	String(text ?? '').replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
	);

const money = (value: number) => `${value.toLocaleString('ru-RU').replace(/\s/g, ' ')} ₽`;

function cardHtml(card: BoardCard): string {
	const notes = card.notes.slice(0, 3);
	return `<article class="card" data-id="${escape(card.id)}">
<h3>${escape(card.title)}</h3>
<p class="meta">#${escape(card.id)}${card.amount ? ` · ${money(card.amount)}` : ''}</p>
${card.responsible ? `<p class="who">Responsible: ${escape(card.responsible)}</p>` : ''}
${card.contact ? `<p class="contact">${escape(card.contact)}</p>` : ''}
${card.tags.length ? `<p class="tags">${card.tags.map((t) => `<span class="tag">${escape(t)}</span>`).join('')}</p>` : ''}
${card.tasks.map((t) => `<p class="task">☐ ${escape(t)}</p>`).join('')}
${notes.map((n) => `<p class="note">${escape(n)}</p>`).join('')}
</article>`;
}

function stageHtml(stage: BoardStage, limit: number): string {
	const cards = [...stage.cards].sort(
		(a, b) => b.updatedAt - a.updatedAt || Number(b.id) - Number(a.id),
	);
	const more = cards.length - limit;
	return `<section class="stage${stage.closed ? ` ${stage.closed}` : ''}">
<header style="border-top-color:${escape(stage.color ?? '#99ccff')}"><h2>${escape(stage.name)}</h2><span class="count">${cards.length}</span></header>
${cards.slice(0, limit).map(cardHtml).join('\n')}
${more > 0 ? `<p class="more">+ ${more} more</p>` : ''}
</section>`;
}

export function renderBoard(board: Board, query: URLSearchParams): string {
	const wanted = query.get('pipeline');
	const text = (query.get('q') ?? '').toLowerCase();
	const limit = Math.max(1, Number(query.get('limit')) || 30);
	const pipelines = board.pipelines
		.filter((p) => !wanted || String(p.id) === wanted || p.name === wanted)
		.map((p) => ({
			...p,
			stages: p.stages.map((s) => ({
				...s,
				cards: text
					? s.cards.filter((c) => JSON.stringify(c).toLowerCase().includes(text))
					: s.cards,
			})),
		}));
	const total = pipelines.reduce((n, p) => n + p.stages.reduce((m, s) => m + s.cards.length, 0), 0);
	return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8">
<title>${escape(board.crm)} emulator — ${escape(board.account)}</title>
<style>
body{font:14px/1.35 system-ui,sans-serif;margin:0;background:#eef1f5;color:#1d2733}
body>header{padding:12px 20px;background:#1d2733;color:#fff}
body>header h1{margin:0;font-size:18px}
body>header p{margin:4px 0 0;opacity:.8}
.pipeline{padding:12px 20px}
.pipeline>h2{margin:8px 0;font-size:16px}
.stages{display:flex;gap:10px;align-items:flex-start;overflow-x:auto;padding-bottom:8px}
.stage{flex:0 0 240px;background:#f8f9fb;border-radius:6px;padding:0 8px 8px}
.stage.won,.stage.lost{opacity:.75}
.stage header{display:flex;justify-content:space-between;align-items:center;border-top:4px solid;padding:6px 0}
.stage h2{font-size:13px;margin:0;text-transform:uppercase;letter-spacing:.02em}
.count{color:#68717d}
.card{background:#fff;border-radius:5px;padding:8px;margin-top:8px;box-shadow:0 1px 2px rgba(0,0,0,.12)}
.card h3{font-size:14px;margin:0 0 2px}
.card p{margin:3px 0}
.meta,.more{color:#68717d;font-size:12px}
.tag{display:inline-block;background:#e3ecff;color:#23408e;border-radius:3px;padding:0 5px;margin:0 4px 2px 0;font-size:12px}
.task{font-size:12px;color:#8a4b00}
.note{font-size:12px;color:#44505c;border-left:3px solid #d6dbe1;padding-left:6px;white-space:pre-wrap;max-height:4.2em;overflow:hidden}
</style></head>
<body>
<header><h1>${escape(board.crm)} emulator · ${escape(board.account)}</h1>
<p>${total} deals shown · read-only · newest first · <a style="color:#9cf" href="state">state as JSON</a></p></header>
${pipelines
	.map(
		(p) => `<section class="pipeline"><h2>${escape(p.name)}</h2><div class="stages">
${p.stages.map((s) => stageHtml(s, limit)).join('\n')}
</div></section>`,
	)
	.join('\n')}
</body></html>`;
}

/** Answers `GET /__emulator/board`; returns false for any other request (the emulator handles it). */
export function serveBoard(
	req: http.IncomingMessage,
	res: http.ServerResponse,
	url: URL,
	board: () => Board,
): boolean {
	if (req.method !== 'GET' || url.pathname.replace(/\/$/, '') !== '/__emulator/board') return false;
	const html = renderBoard(board(), url.searchParams);
	res.writeHead(200, {
		'content-type': 'text/html; charset=utf-8',
		'content-length': Buffer.byteLength(html),
	});
	res.end(html);
	return true;
}
