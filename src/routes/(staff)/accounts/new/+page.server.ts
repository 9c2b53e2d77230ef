import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { createAccountSchema } from '$lib/server/auth/staff-admin';
import { getServices } from '$lib/server/services';
import { STAFF_ROLES } from '$lib/shared/roles';
import { formErrors } from '$lib/sign-in.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireStaff(locals, 'accounts:manage');
	return {};
};

/** The service's schema, with messages that make sense in the error summary on their own. */
const formSchema = createAccountSchema.extend({
	displayName: z
		.string()
		.trim()
		.min(1, 'Enter her full name.')
		.max(80, 'A name can have at most 80 characters.'),
	username: z
		.string()
		.trim()
		.min(1, 'Enter a username.')
		.min(3, 'A username needs at least 3 characters.')
		.max(40, 'A username can have at most 40 characters.')
		.regex(
			/^[a-z0-9._-]+$/i,
			'A username can only have letters, numbers, dots, dashes and underscores.'
		),
	role: z.enum(STAFF_ROLES, { message: 'Choose a role.' })
});

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const actor = requireStaff(locals, 'accounts:manage');
		const form = await request.formData();
		const text = (name: string) => {
			const value = form.get(name);
			return typeof value === 'string' ? value : '';
		};
		const values = {
			displayName: text('displayName').slice(0, 200),
			username: text('username').slice(0, 200),
			role: text('role'),
			isSafeguardingLead: form.get('isSafeguardingLead') === 'on'
		};
		const parsed = formSchema.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: formErrors(parsed.error.issues) });
		if (parsed.data.isSafeguardingLead && parsed.data.role !== 'coordinator') {
			return fail(400, {
				values,
				errors: { isSafeguardingLead: 'Only a coordinator can be a safeguarding lead.' }
			});
		}
		const result = await getServices().staffAdmin.create(actor, parsed.data);
		if (!result.ok) return fail(400, { values, errors: { username: result.message } });
		return {
			created: {
				id: result.id,
				displayName: parsed.data.displayName,
				username: parsed.data.username,
				temporaryPassword: result.temporaryPassword
			}
		};
	}
};
