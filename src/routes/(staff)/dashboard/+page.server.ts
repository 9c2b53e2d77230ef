import { requireStaff } from '$lib/guard.server';
import { getServices } from '$lib/server/services';
import { can } from '$lib/shared/permissions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireStaff(locals, 'dashboard:view');
	const concerns = can(user.role, 'safeguarding:view')
		? getServices().safeguarding.listConcerns(user, true)
		: [];
	const cases = getServices().cases;
	const isCoordinator = user.role === 'coordinator';
	const mentorConcerns = isCoordinator ? cases.openMentorConcerns(user) : [];
	const waitingReferrals = can(user.role, 'referrals:view')
		? cases.list(user, { status: 'referred' }).length
		: 0;
	const upcoming = can(user.role, 'groups:view')
		? getServices()
				.cases.listGroups(user)
				.filter((g) => g.next !== null)
				.map((g) => ({ groupId: g.id, name: g.name, site: g.site, next: g.next! }))
				.sort((a, b) => a.next.startsAt - b.next.startsAt)
		: [];
	const escalations = getServices().assessment.openEscalations(user);
	return {
		escalations,
		upcoming,
		concerns,
		mentorConcerns,
		waitingReferrals,
		isCoordinator,
		isSafeguardingLead: user.isSafeguardingLead,
		firstName: user.displayName.split(' ')[0] ?? user.displayName,
		show: {
			groups: can(user.role, 'groups:view'),
			live: can(user.role, 'live:run'),
			referrals: can(user.role, 'referrals:view'),
			reports: can(user.role, 'reports:view'),
			mentoring: can(user.role, 'mentoring:view')
		}
	};
};
