import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, WebSocket } from '@playwright/test';
import type { ExerciseType } from '../../src/lib/shared/exercises';
import { createStaffAccount, expect, signInAs, type StaffAccount } from './fixtures';

const CONTENT = 'src/lib/server/programme/content';

interface ContentExercise {
	id: string;
	type: ExerciseType;
	title: string;
	keepAuthorLink?: boolean;
	options?: Array<{ id: string; label: string }>;
	cards?: Array<{ id: string; label: string }>;
	buckets?: Array<{ id: string; label: string }>;
	fields?: Array<{ id: string; label: string; kind?: string }>;
	contentNote?: string;
	maxWords?: number;
}

/** The exercises of the chosen modules, in the order a session runs them (from the content files). */
export function sessionOutline(moduleIds: string[]): ContentExercise[] {
	const modules = readdirSync(CONTENT).map(
		(file) =>
			JSON.parse(readFileSync(join(CONTENT, file), 'utf8')) as {
				id: string;
				exercises: ContentExercise[];
			}
	);
	return moduleIds.flatMap((id) => modules.find((m) => m.id === id)?.exercises ?? []);
}

export function firstOfType(
	outline: ContentExercise[],
	type: ExerciseType,
	where?: (e: ContentExercise) => boolean
) {
	const index = outline.findIndex((e) => e.type === type && (where?.(e) ?? true));
	if (index < 0) throw new Error(`No ${type} exercise in these modules`);
	return { index, exercise: outline[index]! };
}

export interface LiveSetup {
	facilitator: StaffAccount;
	console: Page;
	code: string;
	pins: Record<string, string>;
	liveSessionId: string;
	projectorUrl: string;
}

/** A facilitator signs in and starts a live session through the form, landing on the console. */
export async function startLiveSession(
	browser: Browser,
	names: string[],
	moduleTitles: string[]
): Promise<LiveSetup> {
	const facilitator = await createStaffAccount('facilitator');
	const context = await browser.newContext();
	const page = await context.newPage();
	await signInAs(page, facilitator);
	await page.goto('/live');
	await page.getByLabel('Session name').fill('Tuesday evening group');
	for (const title of moduleTitles) await page.getByRole('checkbox', { name: title }).check();
	await page.getByLabel("Participants' first names").fill(names.join('\n'));
	await page.getByRole('button', { name: 'Create session and open console' }).click();
	await expect(page).toHaveURL(/\/console\/[a-z2-7]{25}$/);
	const liveSessionId = page.url().split('/').pop()!;
	const code = (await page.getByTestId('session-code').textContent())!.trim();
	const people = page.getByTestId('people').getByRole('listitem');
	await expect(people).toHaveCount(names.length);
	const pins: Record<string, string> = {};
	for (const name of names) {
		const row = people.filter({ hasText: name });
		const text = (await row.textContent()) ?? '';
		pins[name] = /PIN (\d{4})/.exec(text)![1]!;
	}
	const projectorUrl = (await page
		.getByRole('link', { name: 'Open projector view' })
		.getAttribute('href'))!;
	return { facilitator, console: page, code, pins, liveSessionId, projectorUrl };
}

/** A participant joins on her own tablet (a separate browser context). */
export async function joinOnTablet(browser: Browser, code: string, pin: string): Promise<Page> {
	const context: BrowserContext = await browser.newContext({
		viewport: { width: 820, height: 1180 }
	});
	const page = await context.newPage();
	await page.goto(`/join?code=${code}`);
	await expect(page.getByLabel('Session code')).toHaveValue(code);
	await page.getByLabel('Your PIN').fill(pin);
	await page.getByRole('button', { name: 'Join' }).click();
	await expect(page).toHaveURL(/\/tablet$/);
	await expect(page.getByTestId('connection')).toHaveText(/Connected/);
	return page;
}

export async function openProjector(browser: Browser, url: string): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const page = await context.newPage();
	await page.goto(url);
	return page;
}

/** Clicks an exercise in the console outline. */
export async function goToExercise(consolePage: Page, index: number): Promise<void> {
	await consolePage
		.getByRole('navigation', { name: 'Session outline' })
		.getByRole('button')
		.nth(index)
		.click();
	await expect(consolePage.getByText(`${index + 1} of `, { exact: false }).first()).toBeVisible();
}

/** If the tablet shows a content note first, read it and continue. */
export async function passContentNote(tablet: Page): Promise<void> {
	const cont = tablet.getByRole('button', { name: 'Continue' });
	if (await cont.isVisible()) await cont.click();
}

/** Records every socket.io frame a page receives, parsed. */
export function recordFrames(page: Page): unknown[] {
	const frames: unknown[] = [];
	page.on('websocket', (ws: WebSocket) => {
		ws.on('framereceived', ({ payload }) => {
			const text = typeof payload === 'string' ? payload : payload.toString('utf8');
			const start = text.indexOf('[');
			if (start < 0) return;
			try {
				frames.push(JSON.parse(text.slice(start)));
			} catch {
				// not a JSON event frame
			}
		});
	});
	return frames;
}

/** Every object (at any depth) in which some string value contains `text`. */
export function objectsHolding(value: unknown, text: string): Array<Record<string, unknown>> {
	const found: Array<Record<string, unknown>> = [];
	const visit = (v: unknown) => {
		if (Array.isArray(v)) v.forEach(visit);
		else if (v && typeof v === 'object') {
			const record = v as Record<string, unknown>;
			if (Object.values(record).some((x) => typeof x === 'string' && x.includes(text)))
				found.push(record);
			Object.values(record).forEach(visit);
		}
	};
	visit(value);
	return found;
}
