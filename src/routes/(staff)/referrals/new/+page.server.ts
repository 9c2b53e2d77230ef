import { fail, redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/guard.server';
import { fieldErrors } from '$lib/components/cases/form-errors';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import { referralSchema } from '$lib/shared/cases';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireStaff(locals, 'referrals:view');
	return {};
};

/** The form can hold up to this many children (the schema's own limit). */
const MAX_CHILDREN = 12;

const TEXT_FIELDS = [
	'firstName',
	'lastName',
	'phone',
	'referrerName',
	'referrerRole',
	'referrerAgency',
	'localAuthority',
	'referrerContact',
	'referralReason',
	'relationshipStatus',
	'offenceSummary',
	'knownRisks',
	'language',
	'disability'
] as const;

type ReferralValues = Record<(typeof TEXT_FIELDS)[number], string> & {
	literacy: boolean;
	childcare: boolean;
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = requireStaff(locals, 'referrals:view');
		const form = await request.formData();
		const text = (key: string) => String(form.get(key) ?? '').slice(0, 5000);
		const values: ReferralValues = {
			...(Object.fromEntries(TEXT_FIELDS.map((key) => [key, text(key)])) as Record<
				(typeof TEXT_FIELDS)[number],
				string
			>),
			literacy: form.get('literacy') === 'yes',
			childcare: form.get('childcare') === 'yes'
		};
		const initials = form.getAll('childInitials').map((v) => String(v).slice(0, 40));
		const ages = form.getAll('childAge').map((v) => String(v).slice(0, 10));
		let children = initials
			.map((value, i) => ({ initials: value, age: ages[i] ?? '' }))
			.slice(0, MAX_CHILDREN);
		if (children.length === 0) children = [{ initials: '', age: '' }];

		// "Add another child" and "Remove" without JavaScript: redraw the form, keep every value.
		const intent = text('intent');
		if (intent === 'add-child') {
			if (children.length < MAX_CHILDREN) children.push({ initials: '', age: '' });
			return { values, children, focus: `child-${children.length - 1}-initials` };
		}
		if (intent.startsWith('remove-child-')) {
			const index = Number(intent.slice('remove-child-'.length));
			children = children.filter((_, i) => i !== index);
			if (children.length === 0) children = [{ initials: '', age: '' }];
			return { values, children, focus: 'children-legend' };
		}

		// A row with only initials or only an age is a mistake; a blank row is simply unused.
		const errors: Record<string, string> = {};
		const kept: number[] = [];
		children.forEach((child, i) => {
			const hasInitials = child.initials.trim() !== '';
			const hasAge = child.age.trim() !== '';
			if (hasInitials && !hasAge) {
				errors[`children.${i}.age`] = `Enter the age of child ${i + 1}, or clear the initials.`;
			} else if (hasAge && !hasInitials) {
				errors[`children.${i}.initials`] =
					`Enter the initials of child ${i + 1}, or clear the age.`;
			} else if (hasInitials && hasAge) kept.push(i);
		});

		const input = {
			firstName: values.firstName,
			lastName: values.lastName,
			phone: values.phone,
			referrerName: values.referrerName,
			referrerRole: values.referrerRole,
			referrerAgency: values.referrerAgency,
			localAuthority: values.localAuthority,
			referrerContact: values.referrerContact,
			referralReason: values.referralReason,
			relationshipStatus: values.relationshipStatus || undefined,
			offenceSummary: values.offenceSummary,
			knownRisks: values.knownRisks,
			needs: {
				literacy: values.literacy,
				language: values.language,
				disability: values.disability,
				childcare: values.childcare
			},
			children: kept.map((i) => ({
				initials: children[i]!.initials.trim(),
				age: children[i]!.age.trim()
			}))
		};

		const parsed = referralSchema.safeParse(input);
		if (!parsed.success) {
			const fromSchema = fieldErrors(parsed.error, (path) => {
				if (path[0] === 'needs') return String(path[1]);
				if (path[0] === 'children' && typeof path[1] === 'number') {
					return `children.${kept[path[1]] ?? 0}.${String(path[2] ?? 'initials')}`;
				}
				if (path[0] === 'children') return 'children.0.initials';
				return path.map(String).join('.');
			});
			for (const [key, message] of Object.entries(fromSchema)) errors[key] ??= message;
		}
		if (!parsed.success || Object.keys(errors).length > 0) {
			return fail(400, { values, children, errors });
		}

		let id: string;
		try {
			id = getServices().cases.createReferral(user, parsed.data);
		} catch (err) {
			if (err instanceof LiveError) {
				const errors: Record<string, string> = { form: err.message };
				return fail(err.code === 'forbidden' ? 403 : 400, { values, children, errors });
			}
			throw err;
		}
		redirect(303, `/cases/${id}`);
	}
};
