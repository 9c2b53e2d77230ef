import { randomInt } from 'node:crypto';
import {
	assessmentSchema,
	attendanceSchema,
	catchupSchema,
	consentSchema,
	groupSchema,
	mentorContactSchema,
	oneToOneScheduleSchema,
	referralSchema,
	rescheduleSchema,
	type Suitability
} from '../../shared/cases';
import type { StaffRole } from '../../shared/roles';
import type { z } from 'zod';
import type { AuditLogStore } from '../db/audit-log';
import type { CaseRecord, CaseStore } from '../db/cases';
import type { GroupRecord, GroupStore } from '../db/groups';
import type { StaffUserStore } from '../db/staff-users';
import { LiveError } from '../live/errors';
import { randomId } from '../auth/tokens';
import { canMove, type CaseStatus } from './case-status';
import { hoursSummary, minutesAttended, PROGRAMME_MINUTES } from './hours';
import { addDays, londonTimestamp } from './london-time';

export interface CaseActor {
	id: string;
	role: StaffRole;
}

export interface ProgrammeInfo {
	latestVersionId(): number;
	moduleTitles(versionId: number): Map<string, string>;
	/** Module ids of each of the ten sessions, from the programme's layout when it has one. */
	sessionModules(versionId: number): string[][];
}

/**
 * The participant's journey: referral, assessment, allocation, groups and their schedule,
 * enrolment, attendance and hours, catch-ups, and mentoring afterwards. Who may see a
 * case is decided here: coordinators every case, facilitators the women in their groups,
 * mentors their own mentees.
 */
export function createCaseService(deps: {
	cases: CaseStore;
	groups: GroupStore;
	users: StaffUserStore;
	audit: AuditLogStore;
	programme: ProgrammeInfo;
	/** Openings of sealed reflections she wrote, by the safeguarding lead (shown on her record). */
	sealOpenings?: (caseId: string) => Array<{ openedAt: number; reason: string; openedBy: string }>;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;
	const name = (id: string | null) => (id ? (deps.users.findById(id)?.displayName ?? 'Staff') : '');

	function requireCoordinator(actor: CaseActor): void {
		if (actor.role !== 'coordinator')
			throw new LiveError('forbidden', 'Only coordinators can do that.');
	}

	function runsGroup(actor: CaseActor, group: GroupRecord | undefined): boolean {
		return (
			group !== undefined &&
			(group.facilitatorId === actor.id || group.cofacilitatorId === actor.id)
		);
	}

	function canSee(actor: CaseActor, c: CaseRecord): boolean {
		if (actor.role === 'coordinator') return true;
		if (actor.role === 'mentor') return c.mentorId === actor.id;
		return c.groupId !== null && runsGroup(actor, deps.groups.findById(c.groupId));
	}

	function requireCase(actor: CaseActor, id: string): CaseRecord {
		const c = deps.cases.findById(id);
		if (!c) throw new LiveError('not-found', 'That record does not exist.');
		if (!canSee(actor, c)) throw new LiveError('forbidden', 'This record is not available to you.');
		return c;
	}

	function requireGroup(actor: CaseActor, id: string): GroupRecord {
		const group = deps.groups.findById(id);
		if (!group) throw new LiveError('not-found', 'That group does not exist.');
		if (actor.role !== 'coordinator' && !runsGroup(actor, group)) {
			throw new LiveError('forbidden', 'This group is not one of yours.');
		}
		return group;
	}

	function audit(actor: CaseActor, action: string, caseId: string, detail = ''): void {
		deps.audit.record({
			at: now(),
			actorId: actor.id,
			action,
			subjectType: 'case',
			subjectId: caseId,
			detail
		});
	}

	function move(actor: CaseActor, c: CaseRecord, to: CaseStatus, reason = ''): void {
		if (c.status === to) return;
		if (!canMove(c.status, to)) {
			throw new LiveError('conflict', `A record cannot go from “${c.status}” to “${to}”.`);
		}
		deps.cases.setStatus(c.id, c.status, to, reason, actor.id, now());
		// The reason stays on her record; the audit log, kept longer, holds no free text about her.
		audit(actor, 'case.status', c.id, `${c.status} → ${to}`);
	}

	/** Attendance, hours and missed modules for one woman in her group. */
	function attendanceOf(c: CaseRecord) {
		const group = c.groupId ? deps.groups.findById(c.groupId) : undefined;
		const sessions = group ? deps.groups.sessions(group.id) : [];
		const marks = new Map(deps.groups.attendanceOfCase(c.id).map((a) => [a.groupSessionId, a]));
		const catchups = deps.cases.catchupsOf(c.id);
		const titles = group
			? deps.programme.moduleTitles(group.programmeVersionId)
			: new Map<string, string>();
		const at = now();
		const rows = sessions.map((s) => {
			const mark = marks.get(s.id) ?? null;
			const past = s.startsAt + s.durationMinutes * 60_000 < at;
			return {
				sessionId: s.id,
				number: s.number,
				startsAt: s.startsAt,
				durationMinutes: s.durationMinutes,
				modules: s.moduleIds.map((m) => ({ id: m, title: titles.get(m) ?? m })),
				mark,
				minutes: mark ? minutesAttended(mark, s.durationMinutes) : 0,
				missed: mark ? mark.status === 'absent' : past
			};
		});
		const caughtUp = new Set(catchups.map((k) => k.moduleId));
		const missedModules = [
			...new Map(
				rows
					.filter((r) => r.missed)
					.flatMap((r) => r.modules)
					.filter((m) => !caughtUp.has(m.id))
					.map((m) => [m.id, m])
			).values()
		];
		const summary = hoursSummary(
			rows.filter((r) => r.mark).map((r) => ({ mark: r.mark!, sessionMinutes: r.durationMinutes })),
			catchups.map((k) => k.durationMinutes)
		);
		return {
			rows,
			catchups: catchups.map((k) => ({
				...k,
				moduleTitle: titles.get(k.moduleId) ?? k.moduleId,
				facilitator: name(k.facilitatorId)
			})),
			missedModules,
			summary,
			targetMinutes: PROGRAMME_MINUTES
		};
	}

	function generatePin(groupId: string | null): string {
		const taken = new Set(groupId ? deps.cases.listInGroup(groupId).map((c) => c.pin) : []);
		for (;;) {
			const pin = String(randomInt(1000, 10000));
			if (!taken.has(pin)) return pin;
		}
	}

	return {
		createReferral(actor: CaseActor, input: z.input<typeof referralSchema>): string {
			requireCoordinator(actor);
			const data = referralSchema.parse(input);
			const id = randomId();
			deps.cases.insert(
				{
					id,
					firstName: data.firstName,
					lastName: data.lastName,
					phone: data.phone,
					referrerName: data.referrerName,
					referrerRole: data.referrerRole,
					referrerAgency: data.referrerAgency,
					localAuthority: data.localAuthority,
					referrerContact: data.referrerContact,
					referralReason: data.referralReason,
					relationshipStatus: data.relationshipStatus,
					offenceSummary: data.offenceSummary,
					knownRisks: data.knownRisks,
					needs: data.needs,
					createdBy: actor.id,
					createdAt: now()
				},
				data.children.map((k) => ({ initials: k.initials.toUpperCase(), age: k.age }))
			);
			audit(actor, 'case.create', id);
			return id;
		},

		/** The cases this person may see, newest activity first. */
		list(actor: CaseActor, filter: { status?: CaseStatus } = {}) {
			const all =
				actor.role === 'coordinator'
					? deps.cases.listAll()
					: actor.role === 'mentor'
						? deps.cases.listForMentor(actor.id)
						: deps.cases.listForFacilitator(actor.id);
			return all
				.filter((c) => !filter.status || c.status === filter.status)
				.map((c) => ({
					id: c.id,
					name: `${c.firstName} ${c.lastName}`,
					status: c.status,
					localAuthority: c.localAuthority,
					referrer: c.referrerName,
					groupName: c.groupId ? (deps.groups.findById(c.groupId)?.name ?? '') : '',
					suitability: c.suitability,
					updatedAt: c.updatedAt,
					createdAt: c.createdAt
				}));
		},

		/** Everything on her record that this person may see. Every view is audited. */
		view(actor: CaseActor, id: string) {
			const c = requireCase(actor, id);
			audit(actor, 'case.view', id);
			const group = c.groupId ? deps.groups.findById(c.groupId) : undefined;
			return {
				record: c,
				children: deps.cases.children(id),
				history: deps.cases.history(id).map((h) => ({ ...h, by: name(h.by) })),
				group: group ? { id: group.id, name: group.name, site: group.site } : null,
				attendance: attendanceOf(c),
				mentor: c.mentorId ? { id: c.mentorId, name: name(c.mentorId) } : null,
				sealOpenings: actor.role === 'mentor' ? [] : (deps.sealOpenings?.(id) ?? []),
				contacts: deps.cases.contactsOf(id).map((k) => ({ ...k, mentor: name(k.mentorId) }))
			};
		},

		/**
		 * What her assessment and report need: her record, children, group and attendance. No
		 * access check or audit here: the assessment service checks who may see the report and
		 * audits its own views.
		 */
		factsForReport(id: string) {
			const c = deps.cases.findById(id);
			if (!c) return undefined;
			const group = c.groupId ? deps.groups.findById(c.groupId) : undefined;
			return {
				record: c,
				children: deps.cases.children(id),
				group: group
					? {
							id: group.id,
							name: group.name,
							site: group.site,
							startDate: group.startDate,
							facilitatorIds: [group.facilitatorId, group.cofacilitatorId].filter(
								(x): x is string => x !== null
							)
						}
					: null,
				attendance: attendanceOf(c)
			};
		},

		recordConsent(actor: CaseActor, id: string, input: z.input<typeof consentSchema>): void {
			requireCoordinator(actor);
			const c = requireCase(actor, id);
			const data = consentSchema.parse(input);
			deps.cases.setConsent(c.id, { ...data, recordedAt: now() }, now());
			audit(actor, 'case.consent', id);
		},

		saveAssessment(actor: CaseActor, id: string, input: z.input<typeof assessmentSchema>): void {
			requireCoordinator(actor);
			const c = requireCase(actor, id);
			const { suitability, ...assessment } = assessmentSchema.parse(input);
			deps.cases.setAssessment(c.id, { ...assessment, assessedAt: now() }, suitability, now());
			if (c.status === 'referred') move(actor, c, 'assessing');
			audit(actor, 'case.assessment', id);
		},

		changeStatus(actor: CaseActor, id: string, to: CaseStatus, reason: string): void {
			requireCoordinator(actor);
			const c = requireCase(actor, id);
			if (to === 'allocated' || to === 'in-programme') {
				throw new LiveError(
					'conflict',
					to === 'allocated'
						? 'Allocate her to a group or one-to-one delivery to move her to Allocated.'
						: 'Enrol her (which gives her a PIN) to move her into the programme.'
				);
			}
			if (to === 'withdrawn' && reason.trim().length < 3) {
				throw new LiveError('invalid-input', 'Give the reason she is withdrawing.');
			}
			move(actor, c, to, reason.trim());
		},

		/** Allocates her to a group (or to one-to-one delivery). */
		allocate(actor: CaseActor, id: string, groupId: string | null, suitability: Suitability): void {
			requireCoordinator(actor);
			const c = requireCase(actor, id);
			if (c.status !== 'assessing' && c.status !== 'allocated') {
				throw new LiveError('conflict', 'Finish the initial assessment before allocating her.');
			}
			if (suitability === 'group') {
				if (!groupId || !deps.groups.findById(groupId)) {
					throw new LiveError('invalid-input', 'Choose the group she will join.');
				}
			}
			deps.cases.allocate(c.id, suitability === 'group' ? groupId : null, suitability, now());
			move(actor, c, 'allocated');
			audit(actor, 'case.allocate', id, groupId ?? suitability);
		},

		/** Gives her a personal PIN (unique in her group); she is then in the programme. */
		enrol(actor: CaseActor, id: string): string {
			requireCoordinator(actor);
			const c = requireCase(actor, id);
			if (c.status !== 'allocated' && c.status !== 'in-programme') {
				throw new LiveError('conflict', 'Allocate her to a group or one-to-one delivery first.');
			}
			const pin = c.pin ?? generatePin(c.groupId);
			deps.cases.setPin(c.id, pin, now());
			move(actor, { ...c, pin }, 'in-programme');
			audit(actor, 'case.enrol', id);
			return pin;
		},

		assignMentor(actor: CaseActor, id: string, mentorId: string | null): void {
			requireCoordinator(actor);
			const c = requireCase(actor, id);
			if (mentorId) {
				const mentor = deps.users.findById(mentorId);
				if (!mentor || mentor.role !== 'mentor' || !mentor.active) {
					throw new LiveError('invalid-input', 'Choose a trained volunteer mentor.');
				}
			}
			deps.cases.setMentor(c.id, mentorId, now());
			audit(actor, 'case.mentor', id, mentorId ?? 'none');
		},

		addCatchup(actor: CaseActor, id: string, input: z.input<typeof catchupSchema>): void {
			const c = requireCase(actor, id);
			if (actor.role === 'mentor')
				throw new LiveError('forbidden', 'Mentors cannot record catch-ups.');
			const data = catchupSchema.parse(input);
			deps.cases.addCatchup({
				id: randomId(),
				caseId: c.id,
				moduleId: data.moduleId,
				heldOn: data.heldOn,
				durationMinutes: data.durationMinutes,
				facilitatorId: actor.id,
				note: data.note,
				createdAt: now()
			});
			audit(actor, 'case.catchup', id, data.moduleId);
		},

		editAttendance(
			actor: CaseActor,
			caseId: string,
			groupSessionId: string,
			input: z.input<typeof attendanceSchema>
		): void {
			const c = requireCase(actor, caseId);
			if (actor.role === 'mentor')
				throw new LiveError('forbidden', 'Mentors cannot change attendance.');
			const session = deps.groups.findSession(groupSessionId);
			if (!session || session.groupId !== c.groupId) {
				throw new LiveError('not-found', 'That session is not in her group.');
			}
			const data = attendanceSchema.parse(input);
			const existing = deps.groups
				.attendanceOfCase(caseId)
				.find((a) => a.groupSessionId === groupSessionId);
			deps.groups.saveAttendance({
				caseId,
				groupSessionId,
				status: data.status,
				minutesLate: data.status === 'absent' ? 0 : data.minutesLate,
				minutesLeftEarly: data.status === 'absent' ? 0 : data.minutesLeftEarly,
				absentReason: data.status === 'absent' ? data.absentReason : '',
				arrivedAt: existing?.arrivedAt ?? null,
				recordedBy: actor.id,
				recordedAt: now()
			});
			audit(actor, 'case.attendance', caseId, `session ${session.number}: ${data.status}`);
		},

		/** A mentor logs a contact with her mentee; a concern goes to coordinators at once. */
		logContact(
			actor: CaseActor,
			caseId: string,
			input: z.input<typeof mentorContactSchema>
		): { concern: boolean } {
			const c = requireCase(actor, caseId);
			if (actor.role === 'facilitator')
				throw new LiveError('forbidden', 'Only mentors and coordinators log mentoring contacts.');
			const data = mentorContactSchema.parse(input);
			deps.cases.addContact({
				id: randomId(),
				caseId: c.id,
				mentorId: actor.id,
				contactOn: data.contactOn,
				kind: data.kind,
				summary: data.summary,
				concern: data.concern,
				concernDetails: data.concern ? data.concernDetails : '',
				acknowledgedBy: null,
				acknowledgedAt: null,
				createdAt: now()
			});
			audit(actor, data.concern ? 'case.mentor-concern' : 'case.mentor-contact', caseId);
			return { concern: data.concern };
		},

		openMentorConcerns(actor: CaseActor) {
			requireCoordinator(actor);
			return deps.cases.openMentorConcerns().map((k) => {
				const c = deps.cases.findById(k.caseId);
				return {
					id: k.id,
					caseId: k.caseId,
					name: c ? `${c.firstName} ${c.lastName}` : '',
					mentor: name(k.mentorId),
					details: k.concernDetails,
					createdAt: k.createdAt
				};
			});
		},

		acknowledgeMentorConcern(actor: CaseActor, contactId: string, caseId: string): void {
			requireCoordinator(actor);
			requireCase(actor, caseId);
			deps.cases.acknowledgeContact(contactId, caseId, actor.id, now());
			audit(actor, 'case.mentor-concern-acknowledged', caseId);
		},

		/* ---------------- Groups ---------------- */

		createGroup(actor: CaseActor, input: z.input<typeof groupSchema>): string {
			requireCoordinator(actor);
			const data = groupSchema.parse(input);
			for (const staffId of [data.facilitatorId, data.cofacilitatorId]) {
				const staff = deps.users.findById(staffId);
				if (!staff || staff.role === 'mentor' || !staff.active) {
					throw new LiveError('invalid-input', 'Choose facilitators from the staff list.');
				}
			}
			const versionId = deps.programme.latestVersionId();
			const layout = deps.programme.sessionModules(versionId);
			const id = randomId();
			deps.groups.insert(
				{
					id,
					name: data.name,
					site: data.site,
					timeOfDay: data.timeOfDay,
					facilitatorId: data.facilitatorId,
					cofacilitatorId: data.cofacilitatorId,
					startDate: data.startDate,
					programmeVersionId: versionId,
					createdBy: actor.id,
					createdAt: now()
				},
				layout.map((moduleIds, i) => ({
					id: randomId(),
					groupId: id,
					number: i + 1,
					startsAt: londonTimestamp(addDays(data.startDate, i * 7), data.startTime),
					durationMinutes: 120,
					moduleIds
				}))
			);
			return id;
		},

		/**
		 * Schedules her ten sessions one-to-one, a week apart, as a group of one, so that
		 * attendance, hours and the register work as for a group. Returns the group's id.
		 */
		scheduleOneToOne(
			actor: CaseActor,
			id: string,
			input: z.input<typeof oneToOneScheduleSchema>
		): string {
			requireCoordinator(actor);
			const c = requireCase(actor, id);
			if (c.suitability !== 'one-to-one' && c.suitability !== 'one-to-one-remote') {
				throw new LiveError('conflict', 'Allocate her to one-to-one delivery first.');
			}
			if (c.status !== 'allocated' && c.status !== 'in-programme') {
				throw new LiveError('conflict', 'Her sessions can be scheduled once she is allocated.');
			}
			if (c.groupId)
				throw new LiveError('conflict', 'Her one-to-one sessions are already scheduled.');
			const data = oneToOneScheduleSchema.parse(input);
			const staff = deps.users.findById(data.facilitatorId);
			if (!staff || staff.role === 'mentor' || !staff.active) {
				throw new LiveError('invalid-input', 'Choose a facilitator from the staff list.');
			}
			const versionId = deps.programme.latestVersionId();
			const layout = deps.programme.sessionModules(versionId);
			const groupId = randomId();
			deps.groups.insert(
				{
					id: groupId,
					name: `One-to-one: ${c.firstName} ${c.lastName.slice(0, 1)}.`,
					site: 'Remote (one-to-one)',
					timeOfDay: Number(data.startTime.slice(0, 2)) >= 17 ? 'evening' : 'daytime',
					facilitatorId: data.facilitatorId,
					cofacilitatorId: null,
					startDate: data.startDate,
					programmeVersionId: versionId,
					createdBy: actor.id,
					createdAt: now()
				},
				layout.map((moduleIds, i) => ({
					id: randomId(),
					groupId,
					number: i + 1,
					startsAt: londonTimestamp(addDays(data.startDate, i * 7), data.startTime),
					durationMinutes: 120,
					moduleIds
				}))
			);
			deps.cases.allocate(c.id, groupId, c.suitability, now());
			audit(actor, 'case.one-to-one', id, `scheduled from ${data.startDate}`);
			return groupId;
		},

		listGroups(actor: CaseActor) {
			if (actor.role === 'mentor') throw new LiveError('forbidden', 'Mentors do not see groups.');
			return deps.groups.list(actor.role === 'coordinator' ? null : actor.id).map((g) => {
				const sessions = deps.groups.sessions(g.id);
				const next = sessions.find((s) => s.startsAt + s.durationMinutes * 60_000 > now());
				return {
					id: g.id,
					name: g.name,
					site: g.site,
					timeOfDay: g.timeOfDay,
					startDate: g.startDate,
					facilitators: [name(g.facilitatorId), name(g.cofacilitatorId)].filter(Boolean),
					memberCount: deps.cases.listInGroup(g.id).length,
					next: next ? { id: next.id, number: next.number, startsAt: next.startsAt } : null
				};
			});
		},

		viewGroup(actor: CaseActor, id: string) {
			const group = requireGroup(actor, id);
			const titles = deps.programme.moduleTitles(group.programmeVersionId);
			const sessions = deps.groups.sessions(id);
			const members = deps.cases.listInGroup(id);
			const marks = deps.groups.attendanceOfGroup(id);
			return {
				group: {
					...group,
					facilitator: name(group.facilitatorId),
					cofacilitator: name(group.cofacilitatorId)
				},
				sessions: sessions.map((s) => ({
					...s,
					modules: s.moduleIds.map((m) => titles.get(m) ?? m)
				})),
				members: members.map((c) => {
					const summary = attendanceOf(c).summary;
					return {
						id: c.id,
						firstName: c.firstName,
						lastName: c.lastName,
						pin: c.pin,
						status: c.status,
						totalMinutes: summary.totalMinutes,
						percent: summary.percent
					};
				}),
				marks: marks.map((m) => ({
					caseId: m.caseId,
					groupSessionId: m.groupSessionId,
					status: m.status,
					minutesLate: m.minutesLate,
					minutesLeftEarly: m.minutesLeftEarly,
					absentReason: m.absentReason
				}))
			};
		},

		rescheduleSession(
			actor: CaseActor,
			groupSessionId: string,
			input: z.input<typeof rescheduleSchema>
		): void {
			requireCoordinator(actor);
			const session = deps.groups.findSession(groupSessionId);
			if (!session) throw new LiveError('not-found', 'That session does not exist.');
			const data = rescheduleSchema.parse(input);
			deps.groups.reschedule(
				groupSessionId,
				londonTimestamp(data.date, data.time),
				data.durationMinutes
			);
		},

		/** What a live session for a scheduled group session needs: who, with which PIN, which modules. */
		liveSessionPlan(actor: CaseActor, groupSessionId: string) {
			const session = deps.groups.findSession(groupSessionId);
			if (!session) throw new LiveError('not-found', 'That session does not exist.');
			const group = requireGroup(actor, session.groupId);
			if (actor.role === 'mentor') throw new LiveError('forbidden', 'Mentors cannot run sessions.');
			const members = deps.cases
				.listInGroup(group.id)
				.filter((c) => c.pin && (c.status === 'in-programme' || c.status === 'allocated'));
			if (members.length === 0) {
				throw new LiveError(
					'conflict',
					'Nobody is enrolled in this group yet. Enrol women from their records first.'
				);
			}
			return {
				session,
				group,
				title: `${group.name} – session ${session.number}`,
				participants: members.map((c) => ({ firstName: c.firstName, pin: c.pin!, caseId: c.id }))
			};
		},

		linkLiveSession(groupSessionId: string, liveSessionId: string): void {
			deps.groups.linkLiveSession(groupSessionId, liveSessionId);
		},

		/** Her arrival through a live session: present, or late by the minutes after the start. */
		recordArrival(caseId: string, groupSessionId: string, at: number): void {
			const session = deps.groups.findSession(groupSessionId);
			if (!session) return;
			const minutesLate = Math.floor((at - session.startsAt) / 60_000);
			const late = minutesLate > 5 && minutesLate < session.durationMinutes;
			deps.groups.recordArrival(
				caseId,
				groupSessionId,
				late ? 'late' : 'present',
				late ? minutesLate : 0,
				at
			);
		},

		staffOptions() {
			return deps.users
				.list()
				.filter((u) => u.active)
				.map((u) => ({ id: u.id, name: u.displayName, role: u.role }));
		}
	};
}

export type CaseService = ReturnType<typeof createCaseService>;
