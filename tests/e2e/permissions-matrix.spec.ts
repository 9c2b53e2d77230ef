import { readFileSync } from 'node:fs';
import { ROUTE_ACCESS } from '../../src/lib/server/auth/route-access';
import { can } from '../../src/lib/shared/permissions';
import type { StaffRole } from '../../src/lib/shared/roles';
import {
	BASE_URL,
	createEnrolledCase,
	createStaffAccount,
	expect,
	test,
	testServices,
	type StaffAccount
} from './fixtures';

/**
 * Generated from the permissions table: every staff route against every role, including a
 * facilitator of another group and a mentor of another woman. Allowed means 200; refused
 * means 403; signed out means a redirect to sign in.
 */

type Actor = 'coordinator' | 'facilitator' | 'otherFacilitator' | 'mentor' | 'otherMentor';
const ROLE_OF: Record<Actor, StaffRole> = {
	coordinator: 'coordinator',
	facilitator: 'facilitator',
	otherFacilitator: 'facilitator',
	mentor: 'mentor',
	otherMentor: 'mentor'
};

/** Routes whose records belong to someone: who, besides coordinators, counts as their own. */
const OWNERS: Record<string, Actor[]> = {
	'/(staff)/groups/[id]': ['facilitator'],
	'/(staff)/groups/[id]/register': ['facilitator'],
	'/(staff)/cases/[id]': ['facilitator', 'mentor'],
	// The join card is for running sessions; mentors work after the programme.
	'/(staff)/cases/[id]/card': ['facilitator'],
	// Reports: the facilitators of her group; never mentors.
	'/(staff)/cases/[id]/assessment': ['facilitator'],
	'/(staff)/cases/[id]/report': ['facilitator'],
	'/(staff)/cases/[id]/report/pdf': ['facilitator'],
	'/(staff)/live/[id]': ['facilitator'],
	'/(staff)/live/[id]/people/[participantId]': ['facilitator'],
	'/(live)/console/[id]': ['facilitator']
};

test('every staff route answers every role as the permissions table says', async ({ request }) => {
	test.setTimeout(120_000);
	const accounts = {} as Record<Actor, StaffAccount>;
	for (const actor of Object.keys(ROLE_OF) as Actor[])
		accounts[actor] = await createStaffAccount(ROLE_OF[actor]);
	const services = testServices();
	const coordinator = accounts.coordinator;
	const second = await createStaffAccount('facilitator');

	// One of everything, owned by "facilitator" and "mentor".
	const groupId = services.cases.createGroup(coordinator, {
		name: `Matrix group ${Date.now()}`,
		site: 'Site',
		timeOfDay: 'daytime',
		facilitatorId: accounts.facilitator.id,
		cofacilitatorId: second.id,
		startDate: '2026-12-01',
		startTime: '10:00'
	});
	const { id: caseId } = createEnrolledCase(
		coordinator,
		{
			firstName: 'Matrix',
			lastName: 'Person',
			referrerName: 'R',
			referrerAgency: '',
			localAuthority: 'LA',
			referrerContact: 'r@example.org',
			offenceSummary: 'Accused.'
		},
		{ groupId, suitability: 'group' }
	);
	services.cases.assignMentor(coordinator, caseId, accounts.mentor.id);
	const live = services.live.create(accounts.facilitator, {
		title: 'Matrix session',
		moduleIds: ['introduction'],
		participants: ['Pat']
	});
	const participantId = live.people[0]!.id;
	const who = services.live.authenticateParticipant(
		services.live.join(live.code, live.people[0]!.pin, '10.9.9.9').token
	);
	const intro = JSON.parse(
		readFileSync('src/lib/server/programme/content/01-introduction.json', 'utf8')
	) as {
		exercises: Array<{ id: string; type: string }>;
	};
	const reflectionIndex = intro.exercises.findIndex((e) => e.type === 'reflection');
	services.live.command(accounts.facilitator, live.id, { type: 'goto', index: reflectionIndex });
	services.live.submit(who, {
		clientId: `matrix-${Date.now()}`,
		exerciseId: intro.exercises[reflectionIndex]!.id,
		answer: { type: 'reflection', text: 'matrix words' }
	});
	const reflectionId = services.live.staffSnapshot(live.id, new Set(), BASE_URL).moderation[0]!.id;
	const concernId = services.live.command(accounts.facilitator, live.id, {
		type: 'mark-concern',
		reflectionId
	}).concernId!;
	const versionId = services.live.currentProgrammeVersion();

	const urls: Record<string, string> = {
		'/(staff)/groups/[id]': `/groups/${groupId}`,
		'/(staff)/groups/[id]/register': `/groups/${groupId}/register`,
		'/(staff)/cases/[id]': `/cases/${caseId}`,
		'/(staff)/cases/[id]/card': `/cases/${caseId}/card`,
		'/(staff)/cases/[id]/assessment': `/cases/${caseId}/assessment`,
		'/(staff)/cases/[id]/report': `/cases/${caseId}/report`,
		'/(staff)/cases/[id]/report/pdf': `/cases/${caseId}/report/pdf`,
		'/(staff)/live/[id]': `/live/${live.id}`,
		'/(staff)/live/[id]/people/[participantId]': `/live/${live.id}/people/${participantId}`,
		'/(live)/console/[id]': `/console/${live.id}`,
		'/(staff)/safeguarding/concerns/[id]': `/safeguarding/concerns/${concernId}`,
		'/(staff)/programme/versions/[id]': `/programme/versions/${versionId}`,
		'/(staff)/programme/versions/[id]/export': `/programme/versions/${versionId}/export`,
		'/(staff)/programme/edit/[moduleId]': '/programme/edit/introduction',
		'/(staff)/cases/[id]/subject-access': `/cases/${caseId}/subject-access`,
		'/(staff)/accounts/[id]': `/accounts/${accounts.mentor.id}`
	};
	/** Downloads that are audited are POSTs (with the form they send); every other route is a GET. */
	const posts: Record<string, Record<string, string>> = {
		'/(staff)/audit/export': {},
		'/(staff)/cases/[id]/subject-access': { format: 'json' }
	};
	const fetchAs = (routeId: string, url: string, cookie?: string) => {
		const headers: Record<string, string> = { accept: 'text/html', origin: BASE_URL };
		if (cookie) headers.cookie = cookie;
		const form = posts[routeId];
		return form
			? request.post(url, { headers, form, maxRedirects: 0 })
			: request.get(url, { headers, maxRedirects: 0 });
	};
	const urlFor = (routeId: string) =>
		urls[routeId] ?? routeId.replace(/\/\([^)]+\)/g, '').replace(/^$/, '/');

	const rows: string[] = [];
	for (const [routeId, access] of Object.entries(ROUTE_ACCESS)) {
		if (access.kind !== 'staff') continue;
		const url = urlFor(routeId);
		expect(url, `${routeId} needs a concrete address in this test`).not.toContain('[');

		const signedOut = await fetchAs(routeId, url);
		expect(signedOut.status(), `${url} signed out`).toBe(303);
		expect(signedOut.headers()['location']).toContain('/sign-in');

		for (const actor of Object.keys(ROLE_OF) as Actor[]) {
			const role = ROLE_OF[actor];
			const owners = OWNERS[routeId];
			const allowed =
				can(role, access.action) && (role === 'coordinator' || !owners || owners.includes(actor));
			const session = services.sessions.create(accounts[actor].id);
			const response = await fetchAs(routeId, url, `cw_session=${session.token}`);
			rows.push(`${url} ${actor} ${response.status()}`);
			expect(response.status(), `${actor} on ${url}`).toBe(allowed ? 200 : 403);
		}
	}
	expect(rows.length).toBeGreaterThan(50);
});
