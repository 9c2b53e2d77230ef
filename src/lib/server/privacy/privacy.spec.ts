import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUDIT_PAGE_SIZE } from '../../shared/audit';
import { csvCell } from '../audit/audit-service';
import { parseConfig } from '../config';
import { backupDatabase } from '../db/backup';
import { openDatabase, type Db } from '../db/connection';
import { createServices } from '../services';
import { scheduleRetention } from './retention';
import { subjectAccessPdf } from './subject-access-pdf';

const DAY = 86_400_000;
const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'circlework-privacy-'));
	dirs.push(dir);
	return dir;
}

const referral = (firstName: string, lastName: string) => ({
	firstName,
	lastName,
	phone: '07700 900123',
	referrerName: 'Sam Referrer',
	referrerRole: 'Social worker',
	referrerAgency: 'Northshire Children’s Services',
	localAuthority: 'Northshire',
	referrerContact: 'sam@example.org',
	referralReason: 'Protective parenting',
	relationshipStatus: 'separated' as const,
	offenceSummary: 'Accused of offences against a child.',
	knownRisks: '',
	needs: { literacy: false, language: '', disability: '', childcare: true },
	children: [{ initials: 'ab', age: 7 }]
});

async function setup(path = ':memory:', env: Record<string, string> = {}) {
	const db = openDatabase(path);
	const services = createServices(db, parseConfig({ DATABASE_PATH: path, ...env }));
	const mk = async (username: string, role: 'coordinator' | 'facilitator' | 'mentor') => {
		const { id } = await services.accounts.createUser(
			{ username, displayName: `${username} Staff`, role },
			'a long enough password'
		);
		return { id, role };
	};
	const coordinator = await mk('cora', 'coordinator');
	const facilitator = await mk('fay', 'facilitator');
	const cofacilitator = await mk('fran', 'facilitator');
	const mentor = await mk('mina', 'mentor');
	const groupId = services.cases.createGroup(coordinator, {
		name: 'Riverside',
		site: 'Riverside Centre',
		timeOfDay: 'daytime',
		facilitatorId: facilitator.id,
		cofacilitatorId: cofacilitator.id,
		startDate: '2026-12-01',
		startTime: '10:00'
	});
	/** A woman taken to enrolment, with a mentor and a mentoring contact. */
	const enrol = (first: string, last: string) => {
		const id = services.cases.createReferral(coordinator, referral(first, last));
		services.cases.saveAssessment(coordinator, id, {
			familyDynamics: `${first} family dynamics`,
			risks: '',
			needs: '',
			psychologicalFlag: false,
			psychologicalOutcome: '',
			counsellingFlag: false,
			counsellingOutcome: '',
			suitability: 'group'
		});
		services.cases.allocate(coordinator, id, groupId, 'group');
		services.cases.enrol(coordinator, id);
		services.cases.assignMentor(coordinator, id, mentor.id);
		services.cases.logContact(mentor, id, {
			contactOn: '2026-11-20',
			kind: 'phone',
			summary: `Spoke with ${first} about her week`,
			concern: false,
			concernDetails: ''
		});
		return id;
	};
	const nadia = enrol('Nadia', 'Example');
	const olga = enrol('Olga', 'Zedwick');
	return { db, services, coordinator, facilitator, cofacilitator, mentor, groupId, nadia, olga };
}

function count(db: Db, sql: string, ...params: unknown[]): number {
	return (db.prepare(sql).get(...params) as { n: number }).n;
}

describe('audit log', () => {
	it('filters by staff member, action, record and dates, pages, and audits its CSV export', async () => {
		const { services, coordinator, mentor, nadia, olga } = await setup();
		services.cases.view(coordinator, nadia);
		services.cases.view(mentor, nadia);
		const log = services.auditLog;
		const all = log.list(coordinator, {});
		expect(all.total).toBeGreaterThan(10);
		const byMentor = log.list(coordinator, { staff: mentor.id });
		expect(byMentor.rows.every((r) => r.staff === 'mina Staff')).toBe(true);
		expect(byMentor.rows.map((r) => r.action)).toContain('case.view');
		const views = log.list(coordinator, { action: 'case.view', record: nadia });
		expect(views.total).toBe(2);
		expect(views.rows[0]!.actionLabel).toBe('Record viewed');
		expect(log.list(coordinator, { record: olga }).rows.every((r) => r.subjectId === olga)).toBe(
			true
		);
		const today = new Date().toISOString().slice(0, 10);
		expect(log.list(coordinator, { from: today, to: today }).total).toBe(all.total);
		expect(log.list(coordinator, { to: '2000-01-01' }).total).toBe(0);

		const { csv, count: rows } = log.exportCsv(coordinator, { action: 'case.view' });
		expect(rows).toBe(2);
		const lines = csv.trim().split('\r\n');
		expect(lines[0]).toContain('"Staff member"');
		expect(lines).toHaveLength(3);
		expect(lines[1]).toContain(`"${nadia}"`);
		const exported = log.list(coordinator, { action: 'audit.export' });
		expect(exported.total).toBe(1);
		expect(exported.rows[0]!.detail).toContain('case.view');
	});

	it('pages through long results, newest first', async () => {
		const { services, coordinator, nadia } = await setup();
		for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) services.cases.view(coordinator, nadia);
		const filter = { action: 'case.view', record: nadia };
		const first = services.auditLog.list(coordinator, filter);
		expect(first).toMatchObject({ total: AUDIT_PAGE_SIZE + 5, page: 1, pages: 2 });
		expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
		const second = services.auditLog.list(coordinator, { ...filter, page: 2 });
		expect(second.rows).toHaveLength(5);
		expect(second.rows[0]!.id).toBeLessThan(first.rows.at(-1)!.id);
		// A page past the end shows the last one.
		expect(services.auditLog.list(coordinator, { ...filter, page: 9 }).page).toBe(2);
	});

	it('writes CSV cells a spreadsheet will not run as formulas', () => {
		expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(csvCell('+1')).toBe(`"'+1"`);
		expect(csvCell('plain, with "quotes"')).toBe('"plain, with ""quotes"""');
		expect(csvCell(null)).toBe('""');
	});

	it('is for coordinators only', async () => {
		const { services, facilitator, mentor } = await setup();
		expect(() => services.auditLog.list(facilitator, {})).toThrow(/coordinators/);
		expect(() => services.auditLog.exportCsv(mentor, {})).toThrow(/coordinators/);
	});

	it('cannot be changed or deleted, by any statement', async () => {
		const { db } = await setup();
		expect(count(db, 'SELECT COUNT(*) AS n FROM audit_log')).toBeGreaterThan(0);
		expect(() => db.prepare("UPDATE audit_log SET detail = 'x'").run()).toThrow(
			/cannot be changed/
		);
		expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/cannot be changed/);
		expect(() => db.prepare('UPDATE audit_log SET actor_id = NULL WHERE id = 1').run()).toThrow();
	});

	it('writes no free text about her into the log when her status changes', async () => {
		const { db, services, coordinator, nadia } = await setup();
		services.cases.changeStatus(coordinator, nadia, 'withdrawn', 'Moved to live with her sister');
		const details = db.prepare('SELECT detail FROM audit_log').all() as Array<{ detail: string }>;
		expect(details.some((d) => d.detail.includes('sister'))).toBe(false);
	});
});

describe('subject-access export', () => {
	it('holds everything about her and nothing about another woman, and is audited', async () => {
		const { db, services, coordinator, nadia } = await setup();
		const data = services.subjectAccess.export(coordinator, nadia, 'json');
		const text = JSON.stringify(data);
		expect(data.record.firstName).toBe('Nadia');
		expect(text).toContain('Nadia family dynamics');
		expect(text).toContain('Spoke with Nadia about her week');
		expect(data.children).toEqual([{ initials: 'AB', age: 7 }]);
		expect(data.statusHistory.map((h) => h.to)).toContain('In programme');
		expect(data.accessLog.length).toBeGreaterThan(0);
		expect(text).not.toContain('Olga');
		expect(text).not.toContain('Zedwick');
		expect(
			count(
				db,
				"SELECT COUNT(*) AS n FROM audit_log WHERE action = 'case.subject-access' AND subject_id = ?",
				nadia
			)
		).toBe(1);
	});

	it('includes her answers and the notes about her from live sessions, and no one else’s', async () => {
		const { services, coordinator, facilitator, groupId, nadia } = await setup();
		const plan = services.cases.liveSessionPlan(
			facilitator,
			services.cases.viewGroup(coordinator, groupId).sessions[0]!.id
		);
		const created = services.live.create(facilitator, {
			title: plan.title,
			moduleIds: ['introduction'],
			participants: plan.participants,
			groupSessionId: plan.session.id
		});
		const pinOf = (caseId: string) => plan.participants.find((p) => p.caseId === caseId)!.pin;
		const who = (caseId: string) =>
			services.live.authenticateParticipant(
				services.live.join(created.code, pinOf(caseId), '10.0.0.7').token
			);
		const her = who(nadia);
		const other = who(plan.participants.find((p) => p.caseId !== nadia)!.caseId);
		services.live.command(facilitator, created.id, { type: 'start' });
		services.live.command(facilitator, created.id, { type: 'goto', index: 1 });
		services.live.command(facilitator, created.id, { type: 'open' });
		services.live.submit(her, {
			clientId: 'sar-client-nadia',
			exerciseId: 'intro-check-in',
			answer: { type: 'checkin', value: 7 }
		});
		services.live.submit(other, {
			clientId: 'sar-client-olga1',
			exerciseId: 'intro-check-in',
			answer: { type: 'checkin', value: 2 }
		});
		services.live.addNote(facilitator, created.id, {
			clientId: 'sar-note-nadia',
			participantId: her.participantId,
			domain: 'D1',
			text: 'Nadia spoke openly about the concerns.'
		});
		services.live.addNote(facilitator, created.id, {
			clientId: 'sar-note-olga1',
			participantId: other.participantId,
			domain: 'D1',
			text: 'Olga was quiet today.'
		});
		const data = services.subjectAccess.export(coordinator, nadia, 'json');
		expect(data.liveSessions).toHaveLength(1);
		const session = data.liveSessions[0]!;
		expect(session.answers).toEqual([
			expect.objectContaining({
				exercise: expect.any(String),
				answer: { type: 'checkin', value: 7 }
			})
		]);
		expect(session.notesAboutHer.map((n) => n.text)).toEqual([
			'Nadia spoke openly about the concerns.'
		]);
		expect(JSON.stringify(data)).not.toContain('Olga');
		expect(JSON.stringify(data)).not.toContain('"value":2');
	});

	it('includes her assessment evidence and the report about her', async () => {
		const { services, coordinator, nadia } = await setup();
		services.assessment.addEvidence(coordinator, nadia, {
			domain: 'D9',
			occurredOn: '2026-11-20',
			source: 'observed',
			kind: 'fact',
			quotation: false,
			text: 'Named her sister as her first supporter.'
		});
		const data = services.subjectAccess.export(coordinator, nadia, 'json');
		expect(data.assessment.evidence).toEqual([
			expect.objectContaining({ domain: 'D9', text: 'Named her sister as her first supporter.' })
		]);
		expect(data.report).toMatchObject({ status: 'draft', recommendation: null });
		const file = join(tempDir(), 'export.pdf');
		writeFileSync(file, await subjectAccessPdf(data));
		const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-']).toString();
		expect(text).toContain('Your assessment');
		expect(text).toContain('Named her sister as her first supporter.');
	});

	it('is for coordinators only, and names files without her name', async () => {
		const { services, facilitator, nadia } = await setup();
		expect(() => services.subjectAccess.export(facilitator, nadia, 'json')).toThrow(/coordinators/);
		const name = services.subjectAccess.fileName(nadia, 'pdf');
		expect(name).toMatch(/^record-[A-Za-z0-9]{1,8}-\d{4}-\d{2}-\d{2}\.pdf$/);
	});

	it('makes a PDF with her information in the standard fonts', async () => {
		const { services, coordinator, nadia } = await setup();
		const pdf = await subjectAccessPdf(services.subjectAccess.export(coordinator, nadia, 'pdf'));
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		if (existsSync('/usr/bin/pdftotext')) {
			const dir = tempDir();
			const file = join(dir, 'export.pdf');
			writeFileSync(file, pdf);
			const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-']).toString();
			expect(text).toContain('Information we hold about you');
			expect(text).toContain('Nadia Example');
			expect(text).not.toContain('Olga');
		}
	});
});

describe('retention', () => {
	it('deletes a closed record past its period, with everything linked to it, and logs ids only', async () => {
		const { db, services, coordinator, nadia, olga } = await setup(':memory:', {
			RETENTION_CLOSED_CASE_YEARS: '1'
		});
		services.cases.changeStatus(coordinator, nadia, 'withdrawn', 'Moved away');
		services.cases.changeStatus(coordinator, olga, 'withdrawn', 'Moved away');
		// Nadia's closure was two years ago; Olga's is today.
		db.prepare(
			"UPDATE case_status_history SET changed_at = ? WHERE case_id = ? AND to_status = 'withdrawn'"
		).run(Date.now() - 2 * 366 * DAY, nadia);
		const report = services.retention.run();
		expect(report.casesDeleted).toEqual([nadia]);
		expect(count(db, 'SELECT COUNT(*) AS n FROM cases WHERE id = ?', nadia)).toBe(0);
		expect(count(db, 'SELECT COUNT(*) AS n FROM cases WHERE id = ?', olga)).toBe(1);
		for (const table of ['case_children', 'case_status_history', 'mentor_contacts']) {
			expect(count(db, `SELECT COUNT(*) AS n FROM ${table} WHERE case_id = ?`, nadia)).toBe(0);
		}
		const logged = db
			.prepare("SELECT subject_id, detail FROM audit_log WHERE action = 'retention.case-deleted'")
			.all() as Array<{ subject_id: string; detail: string }>;
		expect(logged).toEqual([{ subject_id: nadia, detail: '{"rule":"closed-case"}' }]);
		const run = db.prepare("SELECT detail FROM audit_log WHERE action = 'retention.run'").get() as {
			detail: string;
		};
		expect(JSON.parse(run.detail)).toMatchObject({ casesDeleted: [nadia] });
		expect(run.detail).not.toContain('Nadia');
		// Her audit trail stays.
		expect(
			count(db, 'SELECT COUNT(*) AS n FROM audit_log WHERE subject_id = ?', nadia)
		).toBeGreaterThan(3);
		// A second run finds nothing more to do.
		expect(services.retention.run().casesDeleted).toEqual([]);
	});

	it('takes her name off her one-to-one schedule and its sessions when her record is deleted', async () => {
		const { db, services, coordinator, facilitator } = await setup(':memory:', {
			RETENTION_CLOSED_CASE_YEARS: '1'
		});
		const cases = services.cases;
		const robin = cases.createReferral(coordinator, referral('Robin', 'Hale'));
		cases.saveAssessment(coordinator, robin, {
			familyDynamics: '',
			risks: '',
			needs: '',
			psychologicalFlag: false,
			psychologicalOutcome: '',
			counsellingFlag: false,
			counsellingOutcome: '',
			suitability: 'one-to-one-remote'
		});
		cases.allocate(coordinator, robin, null, 'one-to-one-remote');
		cases.enrol(coordinator, robin);
		const groupId = cases.scheduleOneToOne(coordinator, robin, {
			facilitatorId: facilitator.id,
			startDate: '2026-12-01',
			startTime: '10:00'
		});
		services.oneToOne.markSchedule(groupId, robin);
		const first = cases.viewGroup(coordinator, groupId).sessions[0]!;
		const plan = cases.liveSessionPlan(facilitator, first.id);
		const live = services.live.create(facilitator, {
			title: plan.title,
			moduleIds: ['introduction'],
			participants: plan.participants.map((p) => p.firstName)
		});
		db.prepare(
			'UPDATE live_sessions SET group_session_id = ?, state_version = state_version + 1 WHERE id = ?'
		).run(first.id, live.id);
		cases.changeStatus(coordinator, robin, 'withdrawn', 'Moved away');
		db.prepare(
			"UPDATE case_status_history SET changed_at = ? WHERE case_id = ? AND to_status = 'withdrawn'"
		).run(Date.now() - 2 * 366 * DAY, robin);

		expect(services.retention.run().casesDeleted).toEqual([robin]);
		const names = JSON.stringify([
			db.prepare('SELECT name FROM groups WHERE id = ?').all(groupId),
			db.prepare('SELECT title FROM live_sessions WHERE id = ?').all(live.id)
		]);
		expect(names).not.toContain('Robin');
		expect(names).toContain('One-to-one (record deleted)');
		expect(names).toContain('One-to-one session (record deleted)');
	});

	it('clears answers and reflections of a live session that ended long ago, and old staff sessions', async () => {
		const { db, services, facilitator, coordinator } = await setup(':memory:', {
			RETENTION_LIVE_ANSWERS_DAYS: '30',
			RETENTION_STAFF_SESSION_DAYS: '7'
		});
		const created = services.live.create(facilitator, {
			title: 'Drop-in',
			moduleIds: ['introduction'],
			participants: ['Amy']
		});
		const joined = services.live.join(created.code, created.people[0]!.pin, '10.0.0.1');
		const amy = services.live.authenticateParticipant(joined.token);
		services.live.command(facilitator, created.id, { type: 'start' });
		services.live.command(facilitator, created.id, { type: 'goto', index: 10 });
		services.live.command(facilitator, created.id, { type: 'open' });
		services.live.submit(amy, {
			clientId: 'retention-client-1',
			exerciseId: 'intro-hopes',
			answer: { type: 'reflection', text: 'I hope to keep my children safe' }
		});
		services.live.command(facilitator, created.id, { type: 'end' });
		expect(
			count(db, 'SELECT COUNT(*) AS n FROM reflections WHERE live_session_id = ?', created.id)
		).toBe(1);

		// Not yet: it ended today.
		expect(services.retention.run().liveSessionsCleared).toEqual([]);
		db.prepare(
			'UPDATE live_sessions SET ended_at = ?, state_version = state_version + 1 WHERE id = ?'
		).run(Date.now() - 31 * DAY, created.id);
		const old = services.sessions.create(coordinator.id);
		db.prepare('UPDATE staff_sessions SET last_verified_at = ? WHERE id = ?').run(
			Date.now() - 8 * DAY,
			old.token.split('.')[0]
		);
		const report = services.retention.run();
		expect(report.liveSessionsCleared).toEqual([created.id]);
		expect(report.reflectionsDeleted).toBe(1);
		expect(report.staffSessionsDeleted).toBe(1);
		expect(
			count(db, 'SELECT COUNT(*) AS n FROM reflections WHERE live_session_id = ?', created.id)
		).toBe(0);
		expect(
			(
				db
					.prepare('SELECT first_name FROM live_participants WHERE live_session_id = ?')
					.get(created.id) as {
					first_name: string;
				}
			).first_name
		).toBe('');
		const logged = db
			.prepare("SELECT detail FROM audit_log WHERE action = 'retention.live-session-cleared'")
			.get() as { detail: string };
		expect(JSON.parse(logged.detail)).toMatchObject({
			reflections: 1,
			namesRemoved: 1,
			titleRemoved: 1
		});
		expect(logged.detail).not.toContain('hope');
		// The title of a one-off session was typed by hand and may name someone.
		expect(services.live.sessionTitle(created.id)).toBe(
			'Session (title removed after the retention period)'
		);
		// Cleared once: the next run finds nothing left to clear.
		expect(services.retention.run().liveSessionsCleared).toEqual([]);
	});
});

describe('retention schedule', () => {
	it('runs shortly after start and then every interval, until stopped', () => {
		vi.useFakeTimers();
		try {
			const run = vi.fn();
			const stop = scheduleRetention(run, 24 * 3_600_000);
			vi.advanceTimersByTime(60_000);
			expect(run).toHaveBeenCalledTimes(1);
			vi.advanceTimersByTime(24 * 3_600_000);
			expect(run).toHaveBeenCalledTimes(2);
			stop();
			vi.advanceTimersByTime(3 * 24 * 3_600_000);
			expect(run).toHaveBeenCalledTimes(2);
			// A failing run is logged and the schedule carries on.
			const failing = vi.fn(() => {
				throw new Error('database is locked');
			});
			const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
			const stop2 = scheduleRetention(failing, 3_600_000);
			vi.advanceTimersByTime(2 * 3_600_000);
			expect(failing).toHaveBeenCalledTimes(3);
			stop2();
			quiet.mockRestore();
			expect(scheduleRetention(run, 0)).toBeTypeOf('function');
		} finally {
			vi.useRealTimers();
		}
	});
});

describe('backup', () => {
	it('backs up a populated database online, and restoring the file gives the same data', async () => {
		const dir = tempDir();
		const live = join(dir, 'circlework.db');
		const { db, services, coordinator, nadia } = await setup(live);
		services.cases.view(coordinator, nadia);
		const dump = (d: Db) => {
			const tables = d
				.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
				.all() as Array<{ name: string; sql: string }>;
			// A table stored by its key (WITHOUT ROWID) is read in key order.
			const order = (sql: string) => (/WITHOUT ROWID/i.test(sql) ? '' : ' ORDER BY rowid');
			return Object.fromEntries(
				tables.map((t) => [t.name, d.prepare(`SELECT * FROM "${t.name}"${order(t.sql)}`).all()])
			);
		};
		const before = dump(db);
		const file = await backupDatabase(db, join(dir, 'backups'), new Date('2026-11-24T05:00:00Z'));
		expect(file).toMatch(/circlework-2026-11-24T05-00-00Z\.db$/);
		expect(existsSync(`${file}-wal`)).toBe(false);
		// Changes after the backup are not in it.
		services.cases.createReferral(coordinator, referral('Zorvathwen', 'Person'));
		db.close();

		// Restore as the README says: copy over DATABASE_PATH, remove -wal and -shm, start.
		copyFileSync(file, live);
		rmSync(`${live}-wal`, { force: true });
		rmSync(`${live}-shm`, { force: true });
		const restored = openDatabase(live);
		expect(dump(restored)).toEqual(before);
		expect(JSON.stringify(dump(restored))).not.toContain('Zorvathwen');
		restored.close();
	});
});
