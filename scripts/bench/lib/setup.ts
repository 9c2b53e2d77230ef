// Seeds a benchmark database with the app's own modules, as tests/e2e/fixtures.ts does.
import { randomBytes } from 'node:crypto';
import { parseConfig } from '../../../src/lib/server/config';
import { openDatabase } from '../../../src/lib/server/db/connection';
import { loadDefaultProgramme, sessionPlan } from '../../../src/lib/server/programme/programme';
import { createServices } from '../../../src/lib/server/services';
import type { ExercisePlan, RoomPlan } from './protocol';

export const ROOM_SIZE = 8;
const MODULE = 'introduction';
const NAMES = ['Ann', 'Bea', 'Cat', 'Dee', 'Eve', 'Fay', 'Gil', 'Hal'];

/** The first poll and the first reflection of the introduction module, by position. */
export function exercisePlan(): ExercisePlan {
	const plan = sessionPlan(loadDefaultProgramme(), [MODULE]);
	const pollIndex = plan.findIndex((i) => i.exercise.type === 'poll');
	const reflectionIndex = plan.findIndex((i) => i.exercise.type === 'reflection');
	const poll = plan[pollIndex]?.exercise;
	const reflection = plan[reflectionIndex]?.exercise;
	if (poll?.type !== 'poll' || reflection?.type !== 'reflection') {
		throw new Error(`The "${MODULE}" module no longer has a poll and a reflection to use.`);
	}
	return {
		poll: { index: pollIndex, exerciseId: poll.id, optionIds: poll.options.map((o) => o.id) },
		reflection: { index: reflectionIndex, exerciseId: reflection.id }
	};
}

/**
 * Creates a facilitator, and per room a live session of eight participants and a staff
 * session for its console; `startAt` moves every room to that exercise (answers open). The
 * database is closed again before the server uses it.
 */
export async function seedRooms(
	databasePath: string,
	rooms: number,
	options: { startAt?: number } = {}
): Promise<RoomPlan[]> {
	const db = openDatabase(databasePath);
	try {
		const services = createServices(
			db,
			parseConfig({ DATABASE_PATH: databasePath, CIRCLEWORK_DEMO: 'false' })
		);
		const { id: facilitatorId } = await services.accounts.createUser(
			{
				username: `bench-${randomBytes(4).toString('hex')}`,
				displayName: 'Bench Facilitator',
				role: 'facilitator',
				isSafeguardingLead: false
			},
			`pw-${randomBytes(12).toString('base64url')}`
		);
		const actor = { id: facilitatorId, role: 'facilitator' as const };
		const plans: RoomPlan[] = [];
		for (let room = 0; room < rooms; room++) {
			const created = services.live.create(actor, {
				title: `Benchmark room ${room + 1}`,
				moduleIds: [MODULE],
				participants: NAMES.slice(0, ROOM_SIZE)
			});
			if (options.startAt !== undefined) {
				services.live.command(actor, created.id, { type: 'goto', index: options.startAt });
			}
			plans.push({
				room,
				liveSessionId: created.id,
				code: created.code,
				displayKey: created.displayKey,
				staffToken: services.sessions.create(facilitatorId).token,
				pins: created.people.map((p) => p.pin)
			});
		}
		return plans;
	} finally {
		db.close();
	}
}

/** Rooms for the relay: it keeps no state, so only names are needed. */
export function relayRooms(rooms: number): RoomPlan[] {
	return Array.from({ length: rooms }, (_, room) => ({
		room,
		liveSessionId: `room-${room}`,
		pins: Array.from({ length: ROOM_SIZE }, (_, i) => String(1000 + i))
	}));
}
