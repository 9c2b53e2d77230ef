import { fail } from '@sveltejs/kit';
import { requireStaff } from '$lib/guard.server';
import { CASE_STATUS_LABELS } from '$lib/server/cases/case-status';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireStaff(locals, 'mentoring:view');
	const cases = getServices().cases;

	if (user.role === 'mentor') {
		return {
			role: user.role,
			mentees: cases.list(user).map((c) => ({
				id: c.id,
				name: c.name,
				status: c.status,
				statusLabel: CASE_STATUS_LABELS[c.status],
				mentor: null as string | null
			})),
			concerns: []
		};
	}

	// `list` does not say who mentors each woman, so ask for each mentor's list in turn:
	// the same records a coordinator may see anyway, without opening (and auditing) each one.
	const mentors = cases.staffOptions().filter((s) => s.role === 'mentor');
	const mentees = mentors
		.flatMap((m) =>
			cases.list({ id: m.id, role: 'mentor' }).map((c) => ({
				id: c.id,
				name: c.name,
				status: c.status,
				statusLabel: CASE_STATUS_LABELS[c.status],
				mentor: m.name as string | null
			}))
		)
		.sort((a, b) => a.name.localeCompare(b.name));
	return {
		role: user.role,
		mentees,
		concerns: cases.openMentorConcerns(user)
	};
};

export const actions: Actions = {
	acknowledge: async ({ locals, request }) => {
		const user = requireStaff(locals, 'mentoring:view');
		const form = await request.formData();
		const contactId = String(form.get('contactId') ?? '');
		const caseId = String(form.get('caseId') ?? '');
		try {
			getServices().cases.acknowledgeMentorConcern(user, contactId, caseId);
		} catch (err) {
			if (err instanceof LiveError) {
				return fail(err.code === 'forbidden' ? 403 : 400, { errors: { form: err.message } });
			}
			throw err;
		}
		return { acknowledged: true };
	}
};
