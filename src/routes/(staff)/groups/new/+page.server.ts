import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireStaff(locals, 'groups:manage');
	return {
		facilitators: getServices()
			.cases.staffOptions()
			.filter((s) => s.role !== 'mentor')
	};
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = requireStaff(locals, 'groups:manage');
		const form = await request.formData();
		const values = Object.fromEntries(
			[
				'name',
				'site',
				'timeOfDay',
				'facilitatorId',
				'cofacilitatorId',
				'startDate',
				'startTime'
			].map((k) => [k, String(form.get(k) ?? '')])
		);
		let id: string;
		try {
			id = getServices().cases.createGroup(user, values as never);
		} catch (err) {
			if (err instanceof z.ZodError) {
				const errors: Record<string, string> = {};
				for (const issue of err.issues) errors[String(issue.path[0])] ??= issue.message;
				return fail(400, { values, errors });
			}
			if (err instanceof LiveError) return fail(400, { values, errors: { form: err.message } });
			throw err;
		}
		redirect(303, `/groups/${id}`);
	}
};
