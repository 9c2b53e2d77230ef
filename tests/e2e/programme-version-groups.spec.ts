import { createProgrammeVersionStore } from '../../src/lib/server/db/programme-versions';
import {
	createEnrolledCase,
	createStaffAccount,
	expect,
	signInAs,
	test,
	testServices
} from './fixtures';

test('a group keeps the programme version it started with after a new version is published', async ({
	browser
}) => {
	const services = testServices();
	const coordinator = await createStaffAccount('coordinator');
	const lead = await createStaffAccount('facilitator');
	const second = await createStaffAccount('facilitator');
	const programmes = createProgrammeVersionStore(services.db);

	function groupWithOneWoman(name: string): string {
		const groupId = services.cases.createGroup(coordinator, {
			name,
			site: 'Site',
			timeOfDay: 'daytime',
			facilitatorId: lead.id,
			cofacilitatorId: second.id,
			startDate: '2026-12-01',
			startTime: '10:00'
		});
		createEnrolledCase(
			coordinator,
			{
				firstName: 'Olive',
				lastName: 'Example',
				referrerName: 'R',
				referrerAgency: '',
				localAuthority: 'LA',
				referrerContact: 'r@example.org',
				offenceSummary: 'Accused.'
			},
			{ groupId, suitability: 'group' }
		);
		return groupId;
	}

	const olderGroup = groupWithOneWoman(`Older group ${Date.now()}`);
	const latest = programmes.latest()!;
	const content = JSON.parse(latest.content) as {
		modules: Array<{ id: string; exercises: Array<{ title: string }> }>;
	};
	const module3 = content.modules.find((m) => m.id === 'how-could-he-do-this')!;
	const oldTitle = module3.exercises[0]!.title;
	const newTitle = `${oldTitle} (revised ${Date.now()})`;
	module3.exercises[0]!.title = newTitle;
	programmes.insert({
		title: latest.title,
		content: JSON.stringify(content),
		note: 'Test: retitle the first exercise of module 3',
		createdBy: coordinator.id,
		createdAt: Date.now()
	});
	const newerGroup = groupWithOneWoman(`Newer group ${Date.now()}`);

	const page = await (await browser.newContext()).newPage();
	await signInAs(page, lead);
	for (const [groupId, title] of [
		[olderGroup, oldTitle],
		[newerGroup, newTitle]
	] as const) {
		await page.goto(`/groups/${groupId}`);
		await page
			.getByRole('button', { name: 'Start live session for session 3', exact: true })
			.click();
		await expect(page).toHaveURL(/\/console\//);
		const outline = page.getByRole('navigation', { name: 'Session outline' }).getByRole('button');
		await expect(outline.first()).toContainText(title);
		if (title === oldTitle) await expect(outline.first()).not.toContainText('(revised');
	}
});
