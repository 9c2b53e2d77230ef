import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../shared/permissions';
import { ROUTE_ACCESS } from './route-access';

const ROUTES = join(process.cwd(), 'src/routes');

/** Every route id in src/routes, as SvelteKit names them ("/(staff)/cases/[id]"). */
function routeIds(dir = ROUTES): string[] {
	const ids: string[] = [];
	const entries = readdirSync(dir);
	if (entries.some((f) => /^\+(page|server)\b/.test(f))) {
		const rel = relative(ROUTES, dir).split('\\').join('/');
		ids.push(rel ? `/${rel}` : '/');
	}
	for (const entry of entries) {
		const full = join(dir, entry);
		if (statSync(full).isDirectory()) ids.push(...routeIds(full));
	}
	return ids;
}

describe('route access table', () => {
	it('lists every route in the app (an unlisted page would answer 404)', () => {
		const missing = routeIds().filter((id) => !(id in ROUTE_ACCESS));
		expect(missing).toEqual([]);
	});

	it('lists no route that does not exist', () => {
		const existing = new Set(routeIds());
		expect(Object.keys(ROUTE_ACCESS).filter((id) => !existing.has(id))).toEqual([]);
	});

	it('uses only actions from the permissions table', () => {
		for (const access of Object.values(ROUTE_ACCESS)) {
			if (access.kind === 'staff') expect(Object.keys(PERMISSIONS)).toContain(access.action);
		}
	});
});
