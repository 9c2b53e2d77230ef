import type { CaseStatus } from '../cases/case-status';
import type { Db } from './connection';

export interface CaseNeeds {
	literacy: boolean;
	language: string;
	disability: string;
	childcare: boolean;
}

export interface CaseConsent {
	informationSharing: boolean;
	limitsOfConfidentiality: boolean;
	recordedAt: number | null;
}

export interface CaseAssessment {
	familyDynamics: string;
	risks: string;
	needs: string;
	psychologicalFlag: boolean;
	psychologicalOutcome: string;
	counsellingFlag: boolean;
	counsellingOutcome: string;
	assessedAt: number | null;
}

export type Suitability = 'group' | 'one-to-one' | 'one-to-one-remote';

export interface CaseRecord {
	id: string;
	status: CaseStatus;
	withdrawnReason: string | null;
	firstName: string;
	lastName: string;
	phone: string;
	referrerName: string;
	referrerRole: string;
	referrerAgency: string;
	localAuthority: string;
	referrerContact: string;
	referralReason: string;
	relationshipStatus: 'together' | 'separated';
	offenceSummary: string;
	knownRisks: string;
	needs: CaseNeeds;
	consent: CaseConsent;
	assessment: CaseAssessment;
	suitability: Suitability | null;
	groupId: string | null;
	pin: string | null;
	mentorId: string | null;
	createdBy: string | null;
	createdAt: number;
	updatedAt: number;
}

interface Row {
	id: string;
	status: CaseStatus;
	withdrawn_reason: string | null;
	first_name: string;
	last_name: string;
	phone: string;
	referrer_name: string;
	referrer_role: string;
	referrer_agency: string;
	local_authority: string;
	referrer_contact: string;
	referral_reason: string;
	relationship_status: 'together' | 'separated';
	offence_summary: string;
	known_risks: string;
	needs: string;
	consent: string;
	assessment: string;
	suitability: Suitability | null;
	group_id: string | null;
	pin: string | null;
	mentor_id: string | null;
	created_by: string | null;
	created_at: number;
	updated_at: number;
}

const EMPTY_ASSESSMENT: CaseAssessment = {
	familyDynamics: '',
	risks: '',
	needs: '',
	psychologicalFlag: false,
	psychologicalOutcome: '',
	counsellingFlag: false,
	counsellingOutcome: '',
	assessedAt: null
};

const fromRow = (r: Row): CaseRecord => ({
	id: r.id,
	status: r.status,
	withdrawnReason: r.withdrawn_reason,
	firstName: r.first_name,
	lastName: r.last_name,
	phone: r.phone,
	referrerName: r.referrer_name,
	referrerRole: r.referrer_role,
	referrerAgency: r.referrer_agency,
	localAuthority: r.local_authority,
	referrerContact: r.referrer_contact,
	referralReason: r.referral_reason,
	relationshipStatus: r.relationship_status,
	offenceSummary: r.offence_summary,
	knownRisks: r.known_risks,
	needs: {
		literacy: false,
		language: '',
		disability: '',
		childcare: false,
		...JSON.parse(r.needs)
	},
	consent: {
		informationSharing: false,
		limitsOfConfidentiality: false,
		recordedAt: null,
		...JSON.parse(r.consent)
	},
	assessment: { ...EMPTY_ASSESSMENT, ...JSON.parse(r.assessment) },
	suitability: r.suitability,
	groupId: r.group_id,
	pin: r.pin,
	mentorId: r.mentor_id,
	createdBy: r.created_by,
	createdAt: r.created_at,
	updatedAt: r.updated_at
});

export interface MentorContactRecord {
	id: string;
	caseId: string;
	mentorId: string;
	contactOn: string;
	kind: 'phone' | 'visit' | 'message' | 'other';
	summary: string;
	concern: boolean;
	concernDetails: string;
	acknowledgedBy: string | null;
	acknowledgedAt: number | null;
	createdAt: number;
}

export interface CatchupRecord {
	id: string;
	caseId: string;
	moduleId: string;
	heldOn: string;
	durationMinutes: number;
	facilitatorId: string | null;
	note: string;
	createdAt: number;
}

/** Cases (one per woman referred), with children, status history, catch-ups and mentor contacts. */
export function createCaseStore(db: Db) {
	const insert = db.prepare(
		`INSERT INTO cases (id, first_name, last_name, phone, referrer_name, referrer_role, referrer_agency,
			local_authority, referrer_contact, referral_reason, relationship_status, offence_summary, known_risks,
			needs, created_by, created_at, updated_at)
		 VALUES (@id, @firstName, @lastName, @phone, @referrerName, @referrerRole, @referrerAgency,
			@localAuthority, @referrerContact, @referralReason, @relationshipStatus, @offenceSummary, @knownRisks,
			@needs, @createdBy, @createdAt, @createdAt)`
	);
	const insertChild = db.prepare(
		'INSERT INTO case_children (case_id, initials, age) VALUES (?, ?, ?)'
	);
	const byId = db.prepare<[string], Row>('SELECT * FROM cases WHERE id = ?');
	const all = db.prepare<[], Row>('SELECT * FROM cases ORDER BY updated_at DESC');
	const ofGroups = db.prepare<[string, string], Row>(
		`SELECT c.* FROM cases c JOIN groups g ON g.id = c.group_id
		 WHERE g.facilitator_id = ? OR g.cofacilitator_id = ? ORDER BY c.first_name`
	);
	const ofMentor = db.prepare<[string], Row>(
		'SELECT * FROM cases WHERE mentor_id = ? ORDER BY first_name'
	);
	const inGroup = db.prepare<[string], Row>(
		'SELECT * FROM cases WHERE group_id = ? ORDER BY first_name'
	);
	const children = db.prepare<[string], { id: number; initials: string; age: number }>(
		'SELECT id, initials, age FROM case_children WHERE case_id = ? ORDER BY age DESC'
	);
	const insertHistory = db.prepare(
		'INSERT INTO case_status_history (case_id, from_status, to_status, reason, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?)'
	);
	const history = db.prepare<
		[string],
		{
			from_status: string | null;
			to_status: string;
			reason: string;
			changed_by: string | null;
			changed_at: number;
		}
	>('SELECT * FROM case_status_history WHERE case_id = ? ORDER BY id');
	const insertContact = db.prepare(
		`INSERT INTO mentor_contacts (id, case_id, mentor_id, contact_on, kind, summary, concern, concern_details, created_at)
		 VALUES (@id, @caseId, @mentorId, @contactOn, @kind, @summary, @concern, @concernDetails, @createdAt)
		 ON CONFLICT (id) DO NOTHING`
	);
	const contactsOf = db.prepare<[string], Record<string, unknown>>(
		'SELECT * FROM mentor_contacts WHERE case_id = ? ORDER BY contact_on DESC, created_at DESC'
	);
	const openConcerns = db.prepare<[], Record<string, unknown>>(
		'SELECT * FROM mentor_contacts WHERE concern = 1 AND acknowledged_at IS NULL ORDER BY created_at DESC'
	);
	const ackContact = db.prepare(
		'UPDATE mentor_contacts SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND case_id = ? AND acknowledged_at IS NULL'
	);
	const insertCatchup = db.prepare(
		`INSERT INTO catchups (id, case_id, module_id, held_on, duration_minutes, facilitator_id, note, created_at)
		 VALUES (@id, @caseId, @moduleId, @heldOn, @durationMinutes, @facilitatorId, @note, @createdAt)`
	);
	const catchupsOf = db.prepare<[string], Record<string, unknown>>(
		'SELECT * FROM catchups WHERE case_id = ? ORDER BY held_on'
	);

	const contactFromRow = (r: Record<string, unknown>): MentorContactRecord => ({
		id: r.id as string,
		caseId: r.case_id as string,
		mentorId: r.mentor_id as string,
		contactOn: r.contact_on as string,
		kind: r.kind as MentorContactRecord['kind'],
		summary: r.summary as string,
		concern: r.concern === 1,
		concernDetails: r.concern_details as string,
		acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
		acknowledgedAt: (r.acknowledged_at as number | null) ?? null,
		createdAt: r.created_at as number
	});

	function update(id: string, fields: Record<string, unknown>, at: number): void {
		const columns = Object.keys(fields);
		const sets = columns.map((c) => `${c} = @${c}`).join(', ');
		db.prepare(`UPDATE cases SET ${sets}, updated_at = @updatedAt WHERE id = @id`).run({
			...fields,
			id,
			updatedAt: at
		});
	}

	return {
		insert(
			c: Pick<
				CaseRecord,
				| 'id'
				| 'firstName'
				| 'lastName'
				| 'phone'
				| 'referrerName'
				| 'referrerRole'
				| 'referrerAgency'
				| 'localAuthority'
				| 'referrerContact'
				| 'referralReason'
				| 'relationshipStatus'
				| 'offenceSummary'
				| 'knownRisks'
				| 'needs'
				| 'createdBy'
				| 'createdAt'
			>,
			kids: Array<{ initials: string; age: number }>
		): void {
			db.transaction(() => {
				insert.run({ ...c, needs: JSON.stringify(c.needs) });
				for (const k of kids) insertChild.run(c.id, k.initials, k.age);
				insertHistory.run(c.id, null, 'referred', '', c.createdBy, c.createdAt);
			}).immediate();
		},
		findById(id: string): CaseRecord | undefined {
			const row = byId.get(id);
			return row ? fromRow(row) : undefined;
		},
		listAll(): CaseRecord[] {
			return all.all().map(fromRow);
		},
		listForFacilitator(staffId: string): CaseRecord[] {
			return ofGroups.all(staffId, staffId).map(fromRow);
		},
		listForMentor(staffId: string): CaseRecord[] {
			return ofMentor.all(staffId).map(fromRow);
		},
		listInGroup(groupId: string): CaseRecord[] {
			return inGroup.all(groupId).map(fromRow);
		},
		children(caseId: string) {
			return children.all(caseId);
		},
		setStatus(
			id: string,
			from: CaseStatus,
			to: CaseStatus,
			reason: string,
			by: string,
			at: number
		): void {
			db.transaction(() => {
				update(
					id,
					to === 'withdrawn' ? { status: to, withdrawn_reason: reason } : { status: to },
					at
				);
				insertHistory.run(id, from, to, reason, by, at);
			}).immediate();
		},
		history(caseId: string) {
			return history.all(caseId).map((h) => ({
				from: h.from_status,
				to: h.to_status,
				reason: h.reason,
				by: h.changed_by,
				at: h.changed_at
			}));
		},
		setConsent(id: string, consent: CaseConsent, at: number): void {
			update(id, { consent: JSON.stringify(consent) }, at);
		},
		setAssessment(
			id: string,
			assessment: CaseAssessment,
			suitability: Suitability | null,
			at: number
		): void {
			update(id, { assessment: JSON.stringify(assessment), suitability }, at);
		},
		allocate(id: string, groupId: string | null, suitability: Suitability, at: number): void {
			update(id, { group_id: groupId, suitability }, at);
		},
		setPin(id: string, pin: string, at: number): void {
			update(id, { pin }, at);
		},
		setMentor(id: string, mentorId: string | null, at: number): void {
			update(id, { mentor_id: mentorId }, at);
		},
		addContact(c: MentorContactRecord): void {
			insertContact.run({ ...c, concern: c.concern ? 1 : 0 });
		},
		contactsOf(caseId: string): MentorContactRecord[] {
			return contactsOf.all(caseId).map(contactFromRow);
		},
		openMentorConcerns(): MentorContactRecord[] {
			return openConcerns.all().map(contactFromRow);
		},
		acknowledgeContact(id: string, caseId: string, by: string, at: number): void {
			ackContact.run(by, at, id, caseId);
		},
		addCatchup(c: CatchupRecord): void {
			insertCatchup.run(c);
		},
		catchupsOf(caseId: string): CatchupRecord[] {
			return catchupsOf.all(caseId).map((r) => ({
				id: r.id as string,
				caseId: r.case_id as string,
				moduleId: r.module_id as string,
				heldOn: r.held_on as string,
				durationMinutes: r.duration_minutes as number,
				facilitatorId: (r.facilitator_id as string | null) ?? null,
				note: r.note as string,
				createdAt: r.created_at as number
			}));
		}
	};
}

export type CaseStore = ReturnType<typeof createCaseStore>;
