// Tablet page weight: the JavaScript and CSS the join page and the tablet page load, read from
// the production build. Each page is fetched from the production server to learn its start-up
// entries and route nodes (`node_ids`); SvelteKit's server nodes (build/server/chunks/nodes)
// list each node's client files and stylesheets; the static-import closure is then followed
// through build/client as a check. Sizes are gzipped (the .gz files the server sends).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { appDir } from './processes';

const clientDir = () => join(appDir(), 'build', 'client');
const serverNodes = () => join(appDir(), 'build', 'server', 'chunks', 'nodes');

export interface PageWeight {
	page: string;
	js: { files: number; raw: number; gzip: number };
	css: { files: number; raw: number; gzip: number };
	/** The HTML document itself, gzipped (the start-up script and page data live here). */
	htmlGzip: number;
	/** Chunks the page's own code loads later with import(), and their imports (not counted above). */
	lazyJsGzip: number;
	/** Every client file counted, for the "join then tablet" total. */
	files: string[];
	/** Whether zod (the schema library) is among the files loaded at start. */
	zod: boolean;
}

function gzipSize(path: string): number {
	const gz = `${path}.gz`;
	if (existsSync(gz)) return readFileSync(gz).length;
	return gzipSync(readFileSync(path), { level: 9 }).length;
}

/** A client path as "_app/immutable/…", from the HTML ("./_app/…") or a relative import. */
function normalise(from: string, specifier: string): string {
	const joined = specifier.startsWith('.')
		? from.slice(0, from.lastIndexOf('/') + 1) + specifier
		: specifier;
	const out: string[] = [];
	for (const part of joined.split('/')) {
		if (part === '..') out.pop();
		else if (part !== '.' && part !== '') out.push(part);
	}
	return out.join('/');
}

const STATIC_IMPORT =
	/(?:^|[;}\s)])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'`]([^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /import\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;

/** The client files and stylesheets SvelteKit lists for a route node of the build. */
function serverNode(id: number): { imports: string[]; stylesheets: string[] } {
	const file = readdirSync(serverNodes()).find(
		(f) => f.startsWith(`${id}.js-`) && f.endsWith('.js')
	);
	if (!file) throw new Error(`build/server has no node ${id}`);
	const source = readFileSync(join(serverNodes(), file), 'utf8');
	const list = (name: string) => {
		const match = new RegExp(`const ${name} = (\\[[^\\]]*\\]);`).exec(source);
		return match ? (JSON.parse(match[1]!) as string[]) : [];
	};
	return { imports: list('imports'), stylesheets: list('stylesheets') };
}

export function measurePage(page: string, html: string): PageWeight {
	const startup = [...html.matchAll(DYNAMIC_IMPORT)].map((m) => normalise('', m[1]!));
	const nodeIds = /node_ids:\s*\[([\d,\s]*)\]/.exec(html)?.[1];
	if (startup.length === 0 || !nodeIds) throw new Error(`${page}: no SvelteKit start-up script`);
	const css = new Set<string>();
	for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
		const href = /href="([^"]+)"/.exec(tag)?.[1];
		if (href && /rel="stylesheet"/.test(tag)) css.add(normalise('', href));
	}
	const queue = [...startup];
	for (const id of nodeIds.split(',').map((n) => Number(n.trim()))) {
		const node = serverNode(id);
		queue.push(...node.imports.map((f) => normalise('', f)));
		for (const s of node.stylesheets) css.add(normalise('', s));
	}
	const seen = new Set<string>();
	const lazy = new Set<string>();
	let zod = false;
	while (queue.length) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		const path = join(clientDir(), file);
		if (!existsSync(path)) throw new Error(`${page}: ${file} is not in build/client`);
		seen.add(file);
		const source = readFileSync(path, 'utf8');
		if (source.includes('$ZodError')) zod = true;
		for (const m of source.matchAll(STATIC_IMPORT)) queue.push(normalise(file, m[1]!));
		// The app entry lazily lists every route of the site; only count the page's own lazy code.
		if (!file.includes('/entry/')) {
			for (const m of source.matchAll(DYNAMIC_IMPORT)) lazy.add(normalise(file, m[1]!));
		}
	}
	// What those lazy chunks load in turn (their static imports), less what is already counted.
	const later = new Set<string>();
	const pending = [...lazy].filter((file) => !seen.has(file));
	while (pending.length) {
		const file = pending.pop()!;
		if (seen.has(file) || later.has(file)) continue;
		const path = join(clientDir(), file);
		if (!existsSync(path)) continue;
		later.add(file);
		const source = readFileSync(path, 'utf8');
		for (const m of source.matchAll(STATIC_IMPORT)) pending.push(normalise(file, m[1]!));
	}
	const total = (files: Iterable<string>, size: (p: string) => number) => {
		let sum = 0;
		for (const file of files) {
			const path = join(clientDir(), file);
			if (existsSync(path)) sum += size(path);
		}
		return sum;
	};
	const raw = (p: string) => readFileSync(p).length;
	return {
		page,
		js: { files: seen.size, raw: total(seen, raw), gzip: total(seen, gzipSize) },
		css: { files: css.size, raw: total(css, raw), gzip: total(css, gzipSize) },
		htmlGzip: gzipSync(html, { level: 9 }).length,
		lazyJsGzip: total(later, gzipSize),
		files: [...seen, ...css],
		zod
	};
}

/** Fetches /join, joins with a real code and PIN, fetches /tablet, and weighs both. */
export async function measureTabletPages(
	baseUrl: string,
	code: string,
	pin: string
): Promise<PageWeight[]> {
	const joinPage = await fetch(`${baseUrl}/join`, { headers: { accept: 'text/html' } });
	if (joinPage.status !== 200) throw new Error(`/join answered ${joinPage.status}`);
	const joinHtml = await joinPage.text();

	const joined = await fetch(`${baseUrl}/join`, {
		method: 'POST',
		body: new URLSearchParams({ code, pin }),
		headers: {
			origin: baseUrl,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		redirect: 'manual'
	});
	await joined.arrayBuffer();
	const cookie = joined.headers
		.getSetCookie()
		.map((c) => c.split(';')[0] ?? '')
		.find((c) => c.startsWith('cw_tablet='));
	if (!cookie) throw new Error(`joining answered ${joined.status} without a tablet cookie`);
	const tabletPage = await fetch(`${baseUrl}/tablet`, {
		headers: { accept: 'text/html', cookie },
		redirect: 'manual'
	});
	if (tabletPage.status !== 200) throw new Error(`/tablet answered ${tabletPage.status}`);
	const tabletHtml = await tabletPage.text();
	const joinWeight = measurePage('/join', joinHtml);
	const tabletWeight = measurePage('/tablet', tabletHtml);
	return [joinWeight, tabletWeight, together(joinWeight, tabletWeight)];
}

/** Join then tablet in one visit: each file is downloaded once. */
function together(a: PageWeight, b: PageWeight): PageWeight {
	const files = [...new Set([...a.files, ...b.files])];
	const js = files.filter((f) => f.endsWith('.js'));
	const css = files.filter((f) => f.endsWith('.css'));
	const size = (list: string[], f: (p: string) => number) =>
		list.reduce((sum, file) => sum + f(join(clientDir(), file)), 0);
	const raw = (p: string) => readFileSync(p).length;
	return {
		page: '/join then /tablet',
		js: { files: js.length, raw: size(js, raw), gzip: size(js, gzipSize) },
		css: { files: css.length, raw: size(css, raw), gzip: size(css, gzipSize) },
		htmlGzip: a.htmlGzip + b.htmlGzip,
		lazyJsGzip: Math.max(a.lazyJsGzip, b.lazyJsGzip),
		files,
		zod: a.zod || b.zod
	};
}
