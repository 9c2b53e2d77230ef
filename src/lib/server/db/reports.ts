import type { Recommendation } from '../../shared/assessment';
import type { Db } from './connection';

export type ReportStatus = 'draft' | 'signing' | 'approved';

/** The written sections of a report; every field is plain text. */
export interface ReportContent {
	preparedFor: string;
	caseNumber: string;
	conferenceKind: 'none' | 'initial' | 'review' | 'court';
	conferenceDate: string;
	qualifications: string;
	distribution: string;
	sharedWithHerOn: string;
	summary: string;
	referralQuestions: string;
	sources: string;
	background: string;
	programmeResponse: string;
	childPerspective: string;
	integratedAnalysis: string;
	rationale: string;
	actionRequested: string;
	areasOfNeed: string;
	supportPlan: string;
	limitations: string;
	herComments: string;
}

export interface SupportCondition {
	domain: string;
	need: string;
	provider: string;
	frequency: string;
	reviewDate: string;
}

export interface ReportRecord {
	caseId: string;
	status: ReportStatus;
	version: number;
	content: ReportContent;
	recommendation: Recommendation | null;
	proposed: Recommendation | null;
	overrideReason: string;
	supports: SupportCondition[];
	collusion: boolean;
	escalatedAt: number | null;
	escalationAcknowledgedBy: string | null;
	escalationAcknowledgedAt: number | null;
	approvedBy: string | null;
	approvedAt: number | null;
	createdAt: number;
	updatedAt: number;
}

export interface SignatureRecord {
	staffId: string;
	role: 'facilitator' | 'coordinator';
	version: number;
	signedAt: number;
}

export interface AmendmentRecord {
	id: number;
	version: number;
	section: string;
	reason: string;
	authorId: string;
	at: number;
}

export const EMPTY_CONTENT: ReportContent = {
	preparedFor: '',
	caseNumber: '',
	conferenceKind: 'none',
	conferenceDate: '',
	qualifications: '',
	distribution: '',
	sharedWithHerOn: '',
	summary: '',
	referralQuestions: '',
	sources: '',
	background: '',
	programmeResponse: '',
	childPerspective: '',
	integratedAnalysis: '',
	rationale: '',
	actionRequested: '',
	areasOfNeed: '',
	supportPlan: '',
	limitations: '',
	herComments: ''
};

interface Row {
	case_id: string;
	status: ReportStatus;
	version: number;
	content: string;
	recommendation: Recommendation | null;
	proposed: Recommendation | null;
	override_reason: string;
	supports: string;
	collusion: number;
	escalated_at: number | null;
	escalation_acknowledged_by: string | null;
	escalation_acknowledged_at: number | null;
	approved_by: string | null;
	approved_at: number | null;
	created_at: number;
	updated_at: number;
}

const fromRow = (r: Row): ReportRecord => ({
	caseId: r.case_id,
	status: r.status,
	version: r.version,
	content: { ...EMPTY_CONTENT, ...(JSON.parse(r.content) as Partial<ReportContent>) },
	recommendation: r.recommendation,
	proposed: r.proposed,
	overrideReason: r.override_reason,
	supports: JSON.parse(r.supports) as SupportCondition[],
	collusion: r.collusion === 1,
	escalatedAt: r.escalated_at,
	escalationAcknowledgedBy: r.escalation_acknowledged_by,
	escalationAcknowledgedAt: r.escalation_acknowledged_at,
	approvedBy: r.approved_by,
	approvedAt: r.approved_at,
	createdAt: r.created_at,
	updatedAt: r.updated_at
});

/** Post-programme reports: the draft, its signatures and, once approved, its amendments. */
export function createReportStore(db: Db) {
	const find = db.prepare<[string], Row>('SELECT * FROM reports WHERE case_id = ?');
	const all = db.prepare<[], Row>('SELECT * FROM reports ORDER BY updated_at DESC');
	const create = db.prepare(
		'INSERT INTO reports (case_id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (case_id) DO NOTHING'
	);
	const setContent = db.prepare('UPDATE reports SET content = ?, updated_at = ? WHERE case_id = ?');
	const setRecommendation = db.prepare(
		`UPDATE reports SET recommendation = @recommendation, proposed = @proposed,
		   override_reason = @overrideReason, supports = @supports, collusion = @collusion,
		   escalated_at = @escalatedAt, updated_at = @at WHERE case_id = @caseId`
	);
	const setStatus = db.prepare('UPDATE reports SET status = ?, updated_at = ? WHERE case_id = ?');
	const approve = db.prepare(
		"UPDATE reports SET status = 'approved', approved_by = ?, approved_at = ?, updated_at = ? WHERE case_id = ?"
	);
	const bumpVersion = db.prepare(
		'UPDATE reports SET version = version + 1, updated_at = ? WHERE case_id = ?'
	);
	const acknowledge = db.prepare(
		'UPDATE reports SET escalation_acknowledged_by = ?, escalation_acknowledged_at = ? WHERE case_id = ?'
	);
	const openEscalations = db.prepare<[], Row>(
		"SELECT * FROM reports WHERE recommendation = 'C' AND escalated_at IS NOT NULL AND escalation_acknowledged_at IS NULL ORDER BY escalated_at"
	);
	const sign = db.prepare(
		`INSERT INTO report_signatures (case_id, staff_id, role, version, signed_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (case_id, staff_id) DO UPDATE SET version = excluded.version, signed_at = excluded.signed_at, role = excluded.role`
	);
	const clearSignatures = db.prepare('DELETE FROM report_signatures WHERE case_id = ?');
	const signatures = db.prepare<
		[string],
		{ staff_id: string; role: 'facilitator' | 'coordinator'; version: number; signed_at: number }
	>('SELECT * FROM report_signatures WHERE case_id = ? ORDER BY signed_at');
	const addAmendment = db.prepare(
		'INSERT INTO report_amendments (case_id, version, section, reason, author_id, at) VALUES (?, ?, ?, ?, ?, ?)'
	);
	const amendments = db.prepare<
		[string],
		{
			id: number;
			version: number;
			section: string;
			reason: string;
			author_id: string;
			at: number;
		}
	>('SELECT * FROM report_amendments WHERE case_id = ? ORDER BY id');

	return {
		find(caseId: string): ReportRecord | undefined {
			const row = find.get(caseId);
			return row ? fromRow(row) : undefined;
		},
		/** The report for her, started as an empty draft the first time anyone opens it. */
		ensure(caseId: string, at: number): ReportRecord {
			create.run(caseId, at, at);
			return fromRow(find.get(caseId)!);
		},
		list(): ReportRecord[] {
			return all.all().map(fromRow);
		},
		saveContent(caseId: string, content: ReportContent, at: number): void {
			setContent.run(JSON.stringify(content), at, caseId);
		},
		saveRecommendation(
			caseId: string,
			r: Pick<
				ReportRecord,
				'recommendation' | 'proposed' | 'overrideReason' | 'supports' | 'collusion' | 'escalatedAt'
			>,
			at: number
		): void {
			setRecommendation.run({
				caseId,
				recommendation: r.recommendation,
				proposed: r.proposed,
				overrideReason: r.overrideReason,
				supports: JSON.stringify(r.supports),
				collusion: r.collusion ? 1 : 0,
				escalatedAt: r.escalatedAt,
				at
			});
		},
		/** Back to an unsigned draft: a change after someone signed needs everyone to sign again. */
		reopen(caseId: string, at: number): void {
			db.transaction(() => {
				clearSignatures.run(caseId);
				setStatus.run('draft', at, caseId);
			}).immediate();
		},
		sign(
			caseId: string,
			staffId: string,
			role: 'facilitator' | 'coordinator',
			version: number,
			at: number
		): void {
			db.transaction(() => {
				sign.run(caseId, staffId, role, version, at);
				setStatus.run('signing', at, caseId);
			}).immediate();
		},
		approve(caseId: string, coordinatorId: string, version: number, at: number): void {
			db.transaction(() => {
				sign.run(caseId, coordinatorId, 'coordinator', version, at);
				approve.run(coordinatorId, at, at, caseId);
			}).immediate();
		},
		signatures(caseId: string): SignatureRecord[] {
			return signatures.all(caseId).map((s) => ({
				staffId: s.staff_id,
				role: s.role,
				version: s.version,
				signedAt: s.signed_at
			}));
		},
		/** A change to an approved report: the new content, a new version and the reason, together. */
		amend(
			caseId: string,
			content: ReportContent,
			section: string,
			reason: string,
			authorId: string,
			at: number
		): void {
			db.transaction(() => {
				setContent.run(JSON.stringify(content), at, caseId);
				bumpVersion.run(at, caseId);
				const version = find.get(caseId)!.version;
				addAmendment.run(caseId, version, section, reason, authorId, at);
			}).immediate();
		},
		amendments(caseId: string): AmendmentRecord[] {
			return amendments.all(caseId).map((a) => ({
				id: a.id,
				version: a.version,
				section: a.section,
				reason: a.reason,
				authorId: a.author_id,
				at: a.at
			}));
		},
		openEscalations(): ReportRecord[] {
			return openEscalations.all().map(fromRow);
		},
		acknowledgeEscalation(caseId: string, by: string, at: number): void {
			acknowledge.run(by, at, caseId);
		}
	};
}

export type ReportStore = ReturnType<typeof createReportStore>;
