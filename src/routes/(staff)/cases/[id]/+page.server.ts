import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { fieldErrors } from '$lib/components/cases/form-errors';
import {
	allowedNext,
	CASE_STATUSES,
	CASE_STATUS_LABELS,
	type CaseStatus
} from '$lib/server/cases/case-status';
import { formatHours, PROGRAMME_MINUTES } from '$lib/server/cases/hours';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import { SUITABILITIES, SUITABILITY_LABELS, type Suitability } from '$lib/shared/cases';
import type { Actions, PageServerLoad } from './$types';

type CaseView = ReturnType<ReturnType<typeof getServices>['cases']['view']>;
type Mark = NonNullable<CaseView['attendance']['rows'][number]['mark']>;

function viewOrError(user: App.Locals['user'] & object, id: string): CaseView {
	try {
		return getServices().cases.view(user, id);
	} catch (err) {
		if (err instanceof LiveError) error(err.code === 'not-found' ? 404 : 403, err.message);
		throw err;
	}
}

/** Her mark for one session, in words: never colour alone. */
function describeMark(mark: Mark | null): string {
	if (!mark) return 'Not recorded';
	if (mark.status === 'absent') return `Absent: ${mark.absentReason || 'no reason given'}`;
	const parts: string[] = [];
	if (mark.minutesLate > 0) parts.push(`Late ${mark.minutesLate} min`);
	if (mark.minutesLeftEarly > 0) parts.push(`Left early ${mark.minutesLeftEarly} min`);
	return parts.length > 0 ? parts.join(', ') : 'Present';
}

const hoursOf20 = (minutes: number) => `${formatHours(minutes)} of 20`;

export const load: PageServerLoad = ({ locals, params }) => {
	const user = requireStaff(locals, 'cases:view');
	const services = getServices();
	const cases = services.cases;
	const v = viewOrError(user, params.id);
	const r = v.record;
	const isCoordinator = user.role === 'coordinator';
	const isMentor = user.role === 'mentor';
	const hours = v.attendance.summary;
	const placement =
		r.suitability === 'group'
			? (v.group?.name ?? '')
			: r.suitability &&
				  (r.status === 'allocated' || r.status === 'in-programme' || r.status === 'completed')
				? SUITABILITY_LABELS[r.suitability]
				: '';

	// Modules she can catch up: her group's, in order, or the whole programme for one-to-one work.
	const groupModules = [
		...new Map(v.attendance.rows.flatMap((row) => row.modules).map((m) => [m.id, m])).values()
	];
	const programmeModules =
		groupModules.length > 0
			? groupModules
			: isMentor
				? []
				: services.live
						.modules(services.live.currentProgrammeVersion())
						.map((m) => ({ id: m.id, title: m.title }));
	const missedIds = new Set(v.attendance.missedModules.map((m) => m.id));

	return {
		viewer: {
			role: user.role,
			canManage: isCoordinator,
			canRecordAttendance: !isMentor,
			canLogContact: user.role !== 'facilitator'
		},
		person: {
			id: r.id,
			firstName: r.firstName,
			lastName: r.lastName,
			status: r.status,
			statusLabel: CASE_STATUS_LABELS[r.status],
			withdrawnReason: r.withdrawnReason,
			createdAt: r.createdAt
		},
		summary: {
			placement: isMentor ? '' : placement,
			group: isMentor ? null : v.group,
			pin: isMentor ? null : r.pin,
			hours: {
				minutes: hours.totalMinutes,
				target: PROGRAMME_MINUTES,
				text: hoursOf20(hours.totalMinutes),
				sessions: formatHours(hours.sessionMinutes),
				catchups: formatHours(hours.catchupMinutes)
			},
			mentor: v.mentor?.name ?? null
		},
		referral: {
			phone: r.phone,
			localAuthority: r.localAuthority,
			relationshipStatus: r.relationshipStatus,
			needs: r.needs,
			children: v.children.map((k) => ({ id: k.id, initials: k.initials, age: k.age })),
			// Mentors get the summary above; the referral's details stay with the programme staff.
			details: isMentor
				? null
				: {
						referrerName: r.referrerName,
						referrerRole: r.referrerRole,
						referrerAgency: r.referrerAgency,
						referrerContact: r.referrerContact,
						referralReason: r.referralReason,
						offenceSummary: r.offenceSummary,
						knownRisks: r.knownRisks
					}
		},
		sealOpenings: isMentor ? [] : v.sealOpenings,
		consent: isMentor ? null : r.consent,
		assessment: isMentor ? null : { ...r.assessment, suitability: r.suitability },
		allocation: isMentor
			? null
			: {
					open: r.status === 'assessing' || r.status === 'allocated',
					suitability: r.suitability,
					groupId: r.groupId,
					groups: isCoordinator
						? cases.listGroups(user).map((g) => ({
								id: g.id,
								name: g.name,
								site: g.site,
								timeOfDay: g.timeOfDay,
								startDate: g.startDate,
								memberCount: g.memberCount
							}))
						: []
				},
		enrolment: isMentor
			? null
			: {
					pin: r.pin,
					canEnrol:
						isCoordinator && !r.pin && (r.status === 'allocated' || r.status === 'in-programme')
				},
		oneToOne:
			isMentor || (r.suitability !== 'one-to-one' && r.suitability !== 'one-to-one-remote')
				? null
				: oneToOneSection(v, isCoordinator, r.status),
		attendance: isMentor
			? null
			: {
					rows: v.attendance.rows.map((row) => ({
						sessionId: row.sessionId,
						number: row.number,
						startsAt: row.startsAt,
						durationMinutes: row.durationMinutes,
						modules: row.modules.map((m) => m.title),
						markText:
							!row.mark && row.missed ? 'Not recorded: counted as missed' : describeMark(row.mark),
						mark: row.mark
							? {
									status: row.mark.status,
									minutesLate: row.mark.minutesLate,
									minutesLeftEarly: row.mark.minutesLeftEarly,
									absentReason: row.mark.absentReason
								}
							: null,
						minutes: row.minutes,
						minutesText: row.mark ? formatHours(row.minutes) : '–'
					})),
					missedModules: v.attendance.missedModules.map((m) => m.title),
					moduleOptions: programmeModules.map((m) => ({
						id: m.id,
						title: m.title,
						missed: missedIds.has(m.id)
					})),
					catchups: v.attendance.catchups.map((k) => ({
						id: k.id,
						moduleTitle: k.moduleTitle,
						heldOn: k.heldOn,
						durationText: formatHours(k.durationMinutes),
						facilitator: k.facilitator,
						note: k.note
					}))
				},
		mentoring: {
			mentor: v.mentor,
			contacts: v.contacts.map((k) => ({
				id: k.id,
				contactOn: k.contactOn,
				kind: k.kind,
				summary: k.summary,
				concern: k.concern,
				concernDetails: k.concernDetails,
				acknowledged: k.acknowledgedAt !== null,
				by: k.mentor
			})),
			mentorOptions: isCoordinator
				? cases
						.staffOptions()
						.filter((s) => s.role === 'mentor')
						.map((s) => ({ id: s.id, name: s.name }))
				: []
		},
		status: {
			next: isCoordinator
				? allowedNext(r.status).map((s) => ({ id: s, label: CASE_STATUS_LABELS[s] }))
				: [],
			history: isMentor
				? []
				: v.history.map((h, i) => ({
						key: i,
						from: h.from ? (CASE_STATUS_LABELS[h.from as CaseStatus] ?? h.from) : null,
						to: CASE_STATUS_LABELS[h.to as CaseStatus] ?? h.to,
						reason: h.reason,
						by: h.by,
						at: h.at
					}))
		}
	};
};

/** Her one-to-one remote schedule: set it up, start the next session, or a catch-up from home. */
function oneToOneSection(v: CaseView, isCoordinator: boolean, status: CaseStatus) {
	const services = getServices();
	const groupId = v.record.groupId;
	const scheduled = groupId !== null && services.oneToOne.isSchedule(groupId);
	const now = Date.now();
	const next = scheduled
		? v.attendance.rows.find((row) => row.startsAt + row.durationMinutes * 60_000 > now)
		: undefined;
	return {
		scheduled,
		groupId: scheduled ? groupId : null,
		canSchedule:
			isCoordinator && groupId === null && (status === 'allocated' || status === 'in-programme'),
		facilitators: isCoordinator
			? services.cases
					.staffOptions()
					.filter((s) => s.role !== 'mentor')
					.map((s) => ({ id: s.id, name: s.name }))
			: [],
		next: next ? { sessionId: next.sessionId, number: next.number, startsAt: next.startsAt } : null,
		hasPin: v.record.pin !== null
	};
}

/** What every form on her record answers with, so the page can show it in the right section. */
interface FormResult {
	form: string;
	saved?: string;
	errors?: Record<string, string>;
	values?: Record<string, string>;
	sessionId?: string;
}

const failureStatus = (code: string) =>
	code === 'forbidden' ? 403 : code === 'not-found' ? 404 : code === 'conflict' ? 409 : 400;

function attempt(
	form: string,
	values: Record<string, string>,
	work: () => string,
	extra: Partial<FormResult> = {}
) {
	try {
		const saved = work();
		return { form, saved, ...extra } satisfies FormResult as FormResult;
	} catch (err) {
		if (err instanceof z.ZodError) {
			return fail(400, { form, values, errors: fieldErrors(err), ...extra } as FormResult);
		}
		if (err instanceof LiveError) {
			return fail(failureStatus(err.code), {
				form,
				values,
				errors: { form: err.message },
				...extra
			} as FormResult);
		}
		throw err;
	}
}

async function read(request: Request) {
	const data = await request.formData();
	return {
		text: (key: string) => String(data.get(key) ?? '').slice(0, 5000),
		checked: (key: string) => data.get(key) === 'yes'
	};
}

const isSuitability = (v: string): v is Suitability =>
	(SUITABILITIES as readonly string[]).includes(v);

export const actions: Actions = {
	consent: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'cases:view');
		const f = await read(request);
		const input = {
			informationSharing: f.checked('informationSharing'),
			limitsOfConfidentiality: f.checked('limitsOfConfidentiality')
		};
		return attempt('consent', {}, () => {
			getServices().cases.recordConsent(user, params.id, input);
			return 'Consent saved.';
		});
	},

	assessment: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'cases:view');
		const f = await read(request);
		const suitability = f.text('suitability');
		const values = {
			familyDynamics: f.text('familyDynamics'),
			risks: f.text('risks'),
			needs: f.text('needs'),
			psychologicalFlag: f.checked('psychologicalFlag') ? 'yes' : '',
			psychologicalOutcome: f.text('psychologicalOutcome'),
			counsellingFlag: f.checked('counsellingFlag') ? 'yes' : '',
			counsellingOutcome: f.text('counsellingOutcome'),
			suitability
		};
		return attempt('assessment', values, () => {
			const cases = getServices().cases;
			const before = cases.list(user).find((c) => c.id === params.id)?.status;
			cases.saveAssessment(user, params.id, {
				familyDynamics: values.familyDynamics,
				risks: values.risks,
				needs: values.needs,
				psychologicalFlag: values.psychologicalFlag === 'yes',
				psychologicalOutcome: values.psychologicalOutcome,
				counsellingFlag: values.counsellingFlag === 'yes',
				counsellingOutcome: values.counsellingOutcome,
				suitability: suitability === '' ? null : (suitability as Suitability)
			});
			return before === 'referred'
				? 'Assessment saved. Her status is now Assessing.'
				: 'Assessment saved.';
		});
	},

	allocate: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'cases:view');
		const f = await read(request);
		const values = { suitability: f.text('suitability'), groupId: f.text('groupId') };
		if (!isSuitability(values.suitability)) {
			return fail(400, {
				form: 'allocate',
				values,
				errors: { suitability: 'Choose how she will do the programme.' }
			} as FormResult);
		}
		const suitability = values.suitability;
		if (suitability === 'group' && values.groupId === '') {
			return fail(400, {
				form: 'allocate',
				values,
				errors: { groupId: 'Choose the group she will join.' }
			} as FormResult);
		}
		return attempt('allocate', values, () => {
			getServices().cases.allocate(
				user,
				params.id,
				suitability === 'group' ? values.groupId : null,
				suitability
			);
			return suitability === 'group'
				? 'Allocated to the group. Enrol her to create her PIN.'
				: `Allocated: ${SUITABILITY_LABELS[suitability].toLowerCase()}. Enrol her to create her PIN.`;
		});
	},

	enrol: ({ locals, params }) => {
		const user = requireStaff(locals, 'cases:view');
		return attempt('enrol', {}, () => {
			const pin = getServices().cases.enrol(user, params.id);
			return `Enrolled. Her PIN is ${pin}.`;
		});
	},

	mentor: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'cases:view');
		const f = await read(request);
		const mentorId = f.text('mentorId');
		return attempt('mentor', { mentorId }, () => {
			getServices().cases.assignMentor(user, params.id, mentorId === '' ? null : mentorId);
			return mentorId === '' ? 'She no longer has a mentor.' : 'Mentor assigned.';
		});
	},

	oneToOne: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'cases:view');
		const f = await read(request);
		const values = {
			facilitatorId: f.text('facilitatorId'),
			startDate: f.text('startDate'),
			startTime: f.text('startTime')
		};
		return attempt('oneToOne', values, () => {
			const services = getServices();
			const groupId = services.cases.scheduleOneToOne(user, params.id, values);
			services.oneToOne.markSchedule(groupId, params.id);
			return 'Her ten one-to-one remote sessions are scheduled, a week apart.';
		});
	},

	remoteCatchup: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'live:run');
		const f = await read(request);
		const moduleId = f.text('moduleId');
		const services = getServices();
		let liveId: string;
		try {
			const c = services.cases.view(user, params.id).record;
			if (!c.pin) throw new LiveError('conflict', 'Enrol her first: she joins with her PIN.');
			const title = services.live
				.modules(services.live.currentProgrammeVersion())
				.find((m) => m.id === moduleId)?.title;
			if (!title) throw new LiveError('invalid-input', 'Choose the module to catch up.');
			liveId = services.live.create(user, {
				title: `Catch-up: ${title}`,
				moduleIds: [moduleId],
				participants: [{ firstName: c.firstName, pin: c.pin, caseId: c.id }]
			}).id;
			services.oneToOne.register(user, liveId);
		} catch (err) {
			if (err instanceof LiveError) {
				return fail(failureStatus(err.code), {
					form: 'remoteCatchup',
					values: { moduleId },
					errors: { form: err.message }
				} as FormResult);
			}
			throw err;
		}
		redirect(303, `/console/${liveId}`);
	},

	catchup: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'cases:view');
		const f = await read(request);
		const values = {
			moduleId: f.text('moduleId'),
			heldOn: f.text('heldOn'),
			durationMinutes: f.text('durationMinutes'),
			note: f.text('note')
		};
		return attempt('catchup', values, () => {
			getServices().cases.addCatchup(user, params.id, values);
			return 'Catch-up recorded. Its minutes count toward her hours.';
		});
	},

	attendance: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'cases:view');
		const f = await read(request);
		const sessionId = f.text('sessionId');
		const values = {
			status: f.text('status'),
			minutesLate: f.text('minutesLate'),
			minutesLeftEarly: f.text('minutesLeftEarly'),
			absentReason: f.text('absentReason')
		};
		const present = values.status === 'present';
		return attempt(
			'attendance',
			values,
			() => {
				getServices().cases.editAttendance(user, params.id, sessionId, {
					status: values.status as 'present',
					minutesLate: present ? 0 : values.minutesLate,
					minutesLeftEarly: present ? 0 : values.minutesLeftEarly,
					absentReason: values.absentReason
				});
				return 'Attendance saved.';
			},
			{ sessionId }
		);
	},

	contact: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'cases:view');
		const f = await read(request);
		const values = {
			contactOn: f.text('contactOn'),
			kind: f.text('kind'),
			summary: f.text('summary'),
			concern: f.checked('concern') ? 'yes' : '',
			concernDetails: f.text('concernDetails')
		};
		return attempt('contact', values, () => {
			const { concern } = getServices().cases.logContact(user, params.id, {
				contactOn: values.contactOn,
				kind: values.kind as 'phone',
				summary: values.summary,
				concern: values.concern === 'yes',
				concernDetails: values.concernDetails
			});
			return concern
				? 'Contact logged. The concern has gone to the coordinators.'
				: 'Contact logged.';
		});
	},

	acknowledge: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'cases:view');
		const f = await read(request);
		return attempt('acknowledge', {}, () => {
			getServices().cases.acknowledgeMentorConcern(user, f.text('contactId'), params.id);
			return 'Concern acknowledged.';
		});
	},

	status: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'cases:view');
		const f = await read(request);
		const values = { to: f.text('to'), reason: f.text('reason') };
		const to = CASE_STATUSES.find((s) => s === values.to);
		if (to === 'withdrawn' && values.reason.trim().length < 3) {
			return fail(400, {
				form: 'status',
				values,
				errors: { reason: 'Give the reason she is withdrawing.' }
			} as FormResult);
		}
		if (!to) {
			return fail(400, {
				form: 'status',
				values,
				errors: { form: 'That move is not possible. Reload the page and try again.' }
			} as FormResult);
		}
		return attempt('status', values, () => {
			getServices().cases.changeStatus(user, params.id, to, values.reason);
			return `Her status is now ${CASE_STATUS_LABELS[to]}.`;
		});
	}
};
