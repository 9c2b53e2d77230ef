import { getConfig, type AppConfig } from './config';
import { getSharedDatabase, type Db } from './db/connection';
import { createSignInFailureStore } from './db/sign-in-failures';
import { createStaffSessionStore } from './db/staff-sessions';
import { createStaffUserStore } from './db/staff-users';
import { createAssessmentNoteStore } from './db/assessment-notes';
import { createLiveAnswerStore } from './db/live-answers';
import { createLiveSessionStore } from './db/live-sessions';
import { createProgrammeVersionStore } from './db/programme-versions';
import { createLiveService } from './live/live-service';
import { createAuditLogStore } from './db/audit-log';
import { createSafeguardingStore } from './db/safeguarding';
import { createSealedAuthorshipStore } from './db/sealed-authorship';
import { createSafeguardingService } from './safeguarding/safeguarding-service';
import { createCaseService } from './cases/cases-service';
import { createCaseStore } from './db/cases';
import { createGroupStore } from './db/groups';
import {
	ensureProgrammeSeeded,
	programmeVersion,
	sessionLayout,
	sessionModules
} from './programme/programme';
import { createAccountService } from './auth/accounts';
import { createSessionService, policyFrom } from './auth/sessions';
import { createAssessmentService } from './assessment/assessment-service';
import { createAssessmentRecordStore } from './db/assessment-records';
import { createReportStore } from './db/reports';
import { createAuditService } from './audit/audit-service';
import { createRetentionStore } from './db/retention';
import { createSubjectAccessStore } from './db/subject-access';
import { createRetentionService } from './privacy/retention';
import { createSubjectAccessService } from './privacy/subject-access';
import { createOneToOneStore } from './db/one-to-one';
import { createOneToOneService } from './live/one-to-one';
import { createStaffAccountServices } from './auth/wiring';
import { createDeferredSync } from './db/deferred-sync';

/** Wires stores and domain services together for one database. */
export function createServices(db: Db, config: AppConfig) {
	const users = createStaffUserStore(db);
	const sessions = createSessionService({
		sessions: createStaffSessionStore(db),
		users,
		policy: policyFrom(config.sessionIdleMs, config.sessionMaxAgeMs),
		allowDemoAccounts: config.demo,
		twoFactorRequired: (role) => config.totpRequiredRoles.includes(role)
	});
	const failures = createSignInFailureStore(db);
	const audit = createAuditLogStore(db);
	const staffAccounts = createStaffAccountServices(db, config, {
		users,
		sessions,
		failures,
		audit
	});
	const signIn = staffAccounts.signIn;
	const accounts = createAccountService({ users, sessions });
	const liveSessions = createLiveSessionStore(db);
	const safeguardingStore = createSafeguardingStore(db);
	const programmes = createProgrammeVersionStore(db);
	const caseStore = createCaseStore(db);
	const groupStore = createGroupStore(db);
	const cases = createCaseService({
		sealOpenings: (caseId) =>
			liveSessions
				.participantIdsForCase(caseId)
				.flatMap((participantId) => safeguardingStore.openingsForParticipant(participantId))
				.map((o) => ({
					openedAt: o.openedAt,
					reason: o.reason,
					openedBy: users.findById(o.openedBy)?.displayName ?? 'Staff'
				})),
		cases: caseStore,
		groups: groupStore,
		users,
		audit,
		programme: {
			latestVersionId: () => ensureProgrammeSeeded(programmes),
			moduleTitles: (versionId) =>
				new Map(programmeVersion(programmes, versionId).modules.map((m) => [m.id, m.title])),
			sessionModules: (versionId) => {
				const programme = programmeVersion(programmes, versionId);
				return sessionLayout(programme).map((session) => sessionModules(programme, session.number));
			}
		}
	});
	const liveAnswers = createLiveAnswerStore(db);
	const live = createLiveService({
		sessions: liveSessions,
		answers: liveAnswers,
		notes: createAssessmentNoteStore(db),
		programmes,
		users,
		failures,
		safeguarding: safeguardingStore,
		audit,
		onArrival: (caseId, groupSessionId, at) => cases.recordArrival(caseId, groupSessionId, at)
	});
	const safeguarding = createSafeguardingService({
		store: safeguardingStore,
		sealed: createSealedAuthorshipStore(db),
		audit,
		users,
		sessions: liveSessions
	});
	const oneToOne = createOneToOneService({
		store: createOneToOneStore(db),
		sessions: liveSessions,
		answers: liveAnswers,
		live,
		users
	});
	const assessmentRecords = createAssessmentRecordStore(db);
	const reports = createReportStore(db);
	const assessment = createAssessmentService({
		records: assessmentRecords,
		reports,
		users,
		audit,
		cases
	});
	const auditLog = createAuditService({ audit, users });
	const subjectAccess = createSubjectAccessService({
		cases: caseStore,
		groups: groupStore,
		users,
		audit,
		store: createSubjectAccessStore(db),
		assessment: assessmentRecords,
		reports,
		exerciseTitles: (versionId) =>
			new Map(
				programmeVersion(programmes, versionId).modules.flatMap((m) =>
					m.exercises.map((e) => [e.id, e.title] as const)
				)
			)
	});
	const retention = createRetentionService({
		store: createRetentionStore(db),
		audit,
		periods: config.retention
	});
	return {
		db,
		/** Tablets' answers are committed without waiting for the disk, then flushed. */
		deferredSync: createDeferredSync(db),
		config,
		users,
		sessions,
		signIn,
		accounts,
		live,
		safeguarding,
		cases,
		auditLog,
		subjectAccess,
		retention,
		assessment,
		oneToOne,
		twoFactor: staffAccounts.twoFactor,
		pendingSignIns: staffAccounts.pending,
		staffAdmin: staffAccounts.admin(accounts)
	};
}

export type Services = ReturnType<typeof createServices>;

const KEY = Symbol.for('circlework.services');
type GlobalWithServices = typeof globalThis & { [KEY]?: Services };

/** The process-wide services, created on first use from the environment's configuration. */
export function getServices(): Services {
	const g = globalThis as GlobalWithServices;
	const existing = g[KEY];
	if (existing && existing.db.open) return existing;
	const config = getConfig();
	const services = createServices(getSharedDatabase(config.databasePath), config);
	g[KEY] = services;
	return services;
}

export function resetServices(): void {
	delete (globalThis as GlobalWithServices)[KEY];
}
