import { requireStaff } from '$lib/guard.server';
import { getServices } from '$lib/server/services';
import { ROLE_LABELS } from '$lib/shared/roles';
import { enrolmentView, twoFactorActions } from '$lib/two-factor.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireStaff(locals, 'account:manage-own');
	return {
		roleLabel: ROLE_LABELS[user.role],
		required: locals.restriction === 'set-up-two-factor',
		enabled: getServices().twoFactor.status(user.id).enabled,
		enrolment: await enrolmentView(user.id)
	};
};

export const actions: Actions = {
	startTwoFactor: ({ locals }) =>
		twoFactorActions.start(requireStaff(locals, 'account:manage-own')),
	cancelTwoFactor: ({ locals }) =>
		twoFactorActions.cancel(requireStaff(locals, 'account:manage-own')),
	confirmTwoFactor: (event) =>
		twoFactorActions.confirm(requireStaff(event.locals, 'account:manage-own'), event)
};
