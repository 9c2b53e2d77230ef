/**
 * Numbered schema migrations. Append new ones; never edit one that has shipped.
 * Each runs inside a transaction and is recorded in `schema_migrations`.
 */
export interface Migration {
	id: number;
	name: string;
	sql: string;
	/**
	 * Rebuilds tables that others reference: runs with foreign keys off (so dropping the old
	 * table cascades nothing), then checks every reference before it commits.
	 */
	rebuildsTables?: boolean;
}

export const migrations: readonly Migration[] = [
	{
		id: 1,
		name: 'staff accounts and sessions',
		sql: `
			CREATE TABLE staff_users (
				id TEXT PRIMARY KEY,
				username TEXT NOT NULL UNIQUE COLLATE NOCASE,
				display_name TEXT NOT NULL,
				role TEXT NOT NULL CHECK (role IN ('coordinator', 'facilitator', 'mentor')),
				is_safeguarding_lead INTEGER NOT NULL DEFAULT 0 CHECK (is_safeguarding_lead IN (0, 1)),
				password_hash TEXT NOT NULL,
				is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
				active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
				created_at INTEGER NOT NULL,
				password_changed_at INTEGER NOT NULL
			);

			CREATE TABLE staff_sessions (
				id TEXT PRIMARY KEY,
				user_id TEXT NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
				secret_hash BLOB NOT NULL,
				created_at INTEGER NOT NULL,
				last_verified_at INTEGER NOT NULL
			);
			CREATE INDEX staff_sessions_user ON staff_sessions(user_id);

			CREATE TABLE sign_in_failures (
				throttle_key TEXT NOT NULL,
				failed_at INTEGER NOT NULL
			);
			CREATE INDEX sign_in_failures_key ON sign_in_failures(throttle_key, failed_at);
		`
	},
	{
		id: 2,
		name: 'programme versions and live sessions',
		sql: `
			CREATE TABLE programme_versions (
				id INTEGER PRIMARY KEY,
				title TEXT NOT NULL,
				content TEXT NOT NULL,
				note TEXT NOT NULL DEFAULT '',
				created_by TEXT REFERENCES staff_users(id),
				created_at INTEGER NOT NULL
			);

			CREATE TABLE live_sessions (
				id TEXT PRIMARY KEY,
				code TEXT NOT NULL,
				title TEXT NOT NULL,
				programme_version_id INTEGER NOT NULL REFERENCES programme_versions(id),
				module_ids TEXT NOT NULL,
				display_key TEXT NOT NULL,
				phase TEXT NOT NULL DEFAULT 'waiting' CHECK (phase IN ('waiting', 'running', 'ended')),
				current_index INTEGER NOT NULL DEFAULT 0,
				answers_open INTEGER NOT NULL DEFAULT 0 CHECK (answers_open IN (0, 1)),
				revealed INTEGER NOT NULL DEFAULT 0 CHECK (revealed IN (0, 1)),
				opened_exercises TEXT NOT NULL DEFAULT '[]',
				state_version INTEGER NOT NULL DEFAULT 1,
				facilitator_id TEXT NOT NULL REFERENCES staff_users(id),
				created_at INTEGER NOT NULL,
				current_started_at INTEGER,
				started_at INTEGER,
				ended_at INTEGER
			);
			-- A code is unique among sessions that have not ended.
			CREATE UNIQUE INDEX live_sessions_active_code ON live_sessions(code) WHERE phase != 'ended';

			CREATE TABLE live_participants (
				id TEXT PRIMARY KEY,
				live_session_id TEXT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
				first_name TEXT NOT NULL,
				pin TEXT NOT NULL,
				position INTEGER NOT NULL,
				joined_at INTEGER,
				UNIQUE (live_session_id, pin)
			);

			CREATE TABLE participant_tokens (
				id TEXT PRIMARY KEY,
				participant_id TEXT NOT NULL REFERENCES live_participants(id) ON DELETE CASCADE,
				secret_hash BLOB NOT NULL,
				created_at INTEGER NOT NULL,
				revoked_at INTEGER
			);
			CREATE INDEX participant_tokens_participant ON participant_tokens(participant_id);

			-- Named answers (poll, scale, word cloud, sort, worksheet, check-in, and any "pass").
			CREATE TABLE answers (
				id TEXT PRIMARY KEY,
				live_session_id TEXT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
				exercise_id TEXT NOT NULL,
				participant_id TEXT NOT NULL REFERENCES live_participants(id) ON DELETE CASCADE,
				answer TEXT NOT NULL,
				submitted_at INTEGER NOT NULL,
				UNIQUE (live_session_id, exercise_id, participant_id)
			);

			-- Reflections carry no author column. The sealed link, where kept, is in its own table.
			CREATE TABLE reflections (
				id TEXT PRIMARY KEY,
				live_session_id TEXT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
				exercise_id TEXT NOT NULL,
				text TEXT NOT NULL,
				status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'hidden')),
				shuffle_key INTEGER NOT NULL,
				created_at INTEGER NOT NULL
			);
			CREATE INDEX reflections_exercise ON reflections(live_session_id, exercise_id);

			CREATE TABLE reflection_author_links (
				reflection_id TEXT PRIMARY KEY REFERENCES reflections(id) ON DELETE CASCADE,
				participant_id TEXT NOT NULL REFERENCES live_participants(id) ON DELETE CASCADE
			);

			CREATE TABLE pause_requests (
				id INTEGER PRIMARY KEY,
				live_session_id TEXT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
				participant_id TEXT NOT NULL REFERENCES live_participants(id) ON DELETE CASCADE,
				exercise_id TEXT,
				requested_at INTEGER NOT NULL,
				acknowledged_at INTEGER
			);

			CREATE TABLE assessment_notes (
				id TEXT PRIMARY KEY,
				live_session_id TEXT REFERENCES live_sessions(id) ON DELETE SET NULL,
				participant_id TEXT NOT NULL REFERENCES live_participants(id) ON DELETE CASCADE,
				exercise_id TEXT,
				domain TEXT NOT NULL,
				text TEXT NOT NULL,
				author_id TEXT NOT NULL REFERENCES staff_users(id),
				created_at INTEGER NOT NULL
			);
			CREATE INDEX assessment_notes_participant ON assessment_notes(participant_id, created_at);
		`
	},
	{
		id: 3,
		name: 'safeguarding: concerns, sealed-author openings, risk phrases, audit log',
		sql: `
			-- Append-only: the database itself refuses to change or remove a row.
			CREATE TABLE audit_log (
				id INTEGER PRIMARY KEY,
				at INTEGER NOT NULL,
				actor_id TEXT,
				action TEXT NOT NULL,
				subject_type TEXT NOT NULL,
				subject_id TEXT NOT NULL,
				detail TEXT NOT NULL DEFAULT ''
			);
			CREATE INDEX audit_log_subject ON audit_log(subject_type, subject_id);
			CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
				BEGIN SELECT RAISE(ABORT, 'The audit log cannot be changed.'); END;
			CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
				BEGIN SELECT RAISE(ABORT, 'The audit log cannot be changed.'); END;

			CREATE TABLE safeguarding_concerns (
				id TEXT PRIMARY KEY,
				live_session_id TEXT REFERENCES live_sessions(id) ON DELETE SET NULL,
				reflection_id TEXT UNIQUE REFERENCES reflections(id) ON DELETE SET NULL,
				exercise_id TEXT,
				exercise_title TEXT NOT NULL DEFAULT '',
				words TEXT NOT NULL,
				written_at INTEGER NOT NULL,
				marked_by TEXT NOT NULL REFERENCES staff_users(id),
				marked_at INTEGER NOT NULL,
				acknowledged_by TEXT REFERENCES staff_users(id),
				acknowledged_at INTEGER
			);

			CREATE TABLE seal_openings (
				id INTEGER PRIMARY KEY,
				concern_id TEXT NOT NULL REFERENCES safeguarding_concerns(id),
				participant_id TEXT REFERENCES live_participants(id) ON DELETE SET NULL,
				opened_by TEXT NOT NULL REFERENCES staff_users(id),
				reason TEXT NOT NULL,
				opened_at INTEGER NOT NULL
			);

			CREATE TABLE risk_phrases (
				id INTEGER PRIMARY KEY,
				phrase TEXT NOT NULL UNIQUE COLLATE NOCASE,
				created_by TEXT REFERENCES staff_users(id),
				created_at INTEGER NOT NULL
			);

			INSERT INTO risk_phrases (phrase, created_at) VALUES
				('alone with', 0),
				('our secret', 0),
				('don''t tell', 0),
				('do not tell', 0),
				('touched', 0),
				('touching', 0),
				('still sees', 0),
				('sees the kids', 0),
				('sees the children', 0),
				('staying over', 0),
				('stays over', 0),
				('sleepover', 0),
				('unsupervised', 0),
				('moved back in', 0),
				('comes round', 0),
				('lets him', 0),
				('scared of him', 0),
				('threatened', 0),
				('hits me', 0),
				('hit me', 0),
				('hurt me', 0),
				('hurts me', 0),
				('kill myself', 0),
				('want to die', 0),
				('end it all', 0),
				('hurt myself', 0),
				('self-harm', 0),
				('suicide', 0),
				('nobody knows', 0),
				('no one knows', 0);

			ALTER TABLE live_sessions ADD COLUMN held_exercises TEXT NOT NULL DEFAULT '[]';
		`
	},
	{
		id: 4,
		name: 'cases: referrals, groups, scheduled sessions, attendance, catch-ups, mentoring',
		sql: `
			CREATE TABLE groups (
				id TEXT PRIMARY KEY,
				name TEXT NOT NULL,
				site TEXT NOT NULL,
				time_of_day TEXT NOT NULL CHECK (time_of_day IN ('daytime', 'evening')),
				facilitator_id TEXT NOT NULL REFERENCES staff_users(id),
				cofacilitator_id TEXT REFERENCES staff_users(id),
				start_date TEXT NOT NULL,
				programme_version_id INTEGER NOT NULL REFERENCES programme_versions(id),
				created_by TEXT REFERENCES staff_users(id),
				created_at INTEGER NOT NULL
			);

			CREATE TABLE group_sessions (
				id TEXT PRIMARY KEY,
				group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
				number INTEGER NOT NULL,
				starts_at INTEGER NOT NULL,
				duration_minutes INTEGER NOT NULL DEFAULT 120,
				module_ids TEXT NOT NULL,
				live_session_id TEXT REFERENCES live_sessions(id) ON DELETE SET NULL,
				UNIQUE (group_id, number)
			);

			CREATE TABLE cases (
				id TEXT PRIMARY KEY,
				status TEXT NOT NULL DEFAULT 'referred'
					CHECK (status IN ('referred', 'assessing', 'allocated', 'in-programme', 'completed', 'withdrawn')),
				withdrawn_reason TEXT,
				first_name TEXT NOT NULL,
				last_name TEXT NOT NULL,
				phone TEXT NOT NULL DEFAULT '',
				referrer_name TEXT NOT NULL,
				referrer_role TEXT NOT NULL,
				referrer_agency TEXT NOT NULL DEFAULT '',
				local_authority TEXT NOT NULL,
				referrer_contact TEXT NOT NULL,
				referral_reason TEXT NOT NULL DEFAULT '',
				relationship_status TEXT NOT NULL CHECK (relationship_status IN ('together', 'separated')),
				offence_summary TEXT NOT NULL,
				known_risks TEXT NOT NULL DEFAULT '',
				needs TEXT NOT NULL DEFAULT '{}',
				consent TEXT NOT NULL DEFAULT '{}',
				assessment TEXT NOT NULL DEFAULT '{}',
				suitability TEXT CHECK (suitability IN ('group', 'one-to-one', 'one-to-one-remote')),
				group_id TEXT REFERENCES groups(id),
				pin TEXT,
				mentor_id TEXT REFERENCES staff_users(id),
				created_by TEXT REFERENCES staff_users(id),
				created_at INTEGER NOT NULL,
				updated_at INTEGER NOT NULL
			);
			CREATE UNIQUE INDEX cases_group_pin ON cases(group_id, pin) WHERE group_id IS NOT NULL AND pin IS NOT NULL;
			CREATE INDEX cases_status ON cases(status);

			CREATE TABLE case_children (
				id INTEGER PRIMARY KEY,
				case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
				initials TEXT NOT NULL,
				age INTEGER NOT NULL
			);

			CREATE TABLE case_status_history (
				id INTEGER PRIMARY KEY,
				case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
				from_status TEXT,
				to_status TEXT NOT NULL,
				reason TEXT NOT NULL DEFAULT '',
				changed_by TEXT REFERENCES staff_users(id),
				changed_at INTEGER NOT NULL
			);

			ALTER TABLE live_participants ADD COLUMN case_id TEXT REFERENCES cases(id);
			ALTER TABLE live_sessions ADD COLUMN group_session_id TEXT REFERENCES group_sessions(id);

			CREATE TABLE attendance (
				id INTEGER PRIMARY KEY,
				case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
				group_session_id TEXT NOT NULL REFERENCES group_sessions(id) ON DELETE CASCADE,
				status TEXT NOT NULL CHECK (status IN ('present', 'late', 'left-early', 'absent')),
				minutes_late INTEGER NOT NULL DEFAULT 0,
				minutes_left_early INTEGER NOT NULL DEFAULT 0,
				absent_reason TEXT NOT NULL DEFAULT '',
				arrived_at INTEGER,
				recorded_by TEXT REFERENCES staff_users(id),
				recorded_at INTEGER NOT NULL,
				UNIQUE (case_id, group_session_id)
			);

			CREATE TABLE catchups (
				id TEXT PRIMARY KEY,
				case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
				module_id TEXT NOT NULL,
				held_on TEXT NOT NULL,
				duration_minutes INTEGER NOT NULL,
				facilitator_id TEXT REFERENCES staff_users(id),
				note TEXT NOT NULL DEFAULT '',
				created_at INTEGER NOT NULL
			);

			CREATE TABLE mentor_contacts (
				id TEXT PRIMARY KEY,
				case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
				mentor_id TEXT NOT NULL REFERENCES staff_users(id),
				contact_on TEXT NOT NULL,
				kind TEXT NOT NULL CHECK (kind IN ('phone', 'visit', 'message', 'other')),
				summary TEXT NOT NULL,
				concern INTEGER NOT NULL DEFAULT 0 CHECK (concern IN (0, 1)),
				concern_details TEXT NOT NULL DEFAULT '',
				acknowledged_by TEXT REFERENCES staff_users(id),
				acknowledged_at INTEGER,
				created_at INTEGER NOT NULL
			);
		`
	},
	{
		id: 5,
		name: 'live sessions run one numbered session of the programme',
		sql: `
			ALTER TABLE live_sessions ADD COLUMN programme_session_number INTEGER;
		`
	},
	{
		id: 6,
		name: 'assessment: domain ratings, evidence, post-programme reports, signatures, amendments',
		sql: `
			-- One rating per case, stage and domain; each change is in the audit log.
			CREATE TABLE assessment_ratings (
				case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
				stage TEXT NOT NULL CHECK (stage IN ('baseline', 'mid', 'end')),
				domain TEXT NOT NULL,
				rating TEXT NOT NULL CHECK (rating IN ('1', '2', '3', '4', 'NE')),
				trajectory TEXT NOT NULL CHECK (trajectory IN ('improving', 'stable', 'declining')),
				confidence TEXT NOT NULL CHECK (confidence IN ('low', 'medium', 'high')),
				rationale TEXT NOT NULL DEFAULT '',
				rated_by TEXT NOT NULL REFERENCES staff_users(id),
				rated_at INTEGER NOT NULL,
				PRIMARY KEY (case_id, stage, domain)
			);

			CREATE TABLE assessment_evidence (
				id TEXT PRIMARY KEY,
				case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
				domain TEXT NOT NULL,
				occurred_on TEXT NOT NULL,
				source TEXT NOT NULL CHECK (source IN ('self-report', 'observed', 'written-work', 'third-party')),
				kind TEXT NOT NULL CHECK (kind IN ('fact', 'opinion')),
				quotation INTEGER NOT NULL DEFAULT 0 CHECK (quotation IN (0, 1)),
				text TEXT NOT NULL,
				author_id TEXT NOT NULL REFERENCES staff_users(id),
				created_at INTEGER NOT NULL
			);
			CREATE INDEX assessment_evidence_case ON assessment_evidence(case_id, domain, occurred_on);

			CREATE TABLE reports (
				case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
				status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signing', 'approved')),
				version INTEGER NOT NULL DEFAULT 1,
				content TEXT NOT NULL DEFAULT '{}',
				recommendation TEXT CHECK (recommendation IN ('A', 'B', 'C')),
				proposed TEXT CHECK (proposed IN ('A', 'B', 'C')),
				override_reason TEXT NOT NULL DEFAULT '',
				supports TEXT NOT NULL DEFAULT '[]',
				collusion INTEGER NOT NULL DEFAULT 0 CHECK (collusion IN (0, 1)),
				escalated_at INTEGER,
				escalation_acknowledged_by TEXT REFERENCES staff_users(id),
				escalation_acknowledged_at INTEGER,
				approved_by TEXT REFERENCES staff_users(id),
				approved_at INTEGER,
				created_at INTEGER NOT NULL,
				updated_at INTEGER NOT NULL
			);

			CREATE TABLE report_signatures (
				case_id TEXT NOT NULL REFERENCES reports(case_id) ON DELETE CASCADE,
				staff_id TEXT NOT NULL REFERENCES staff_users(id),
				role TEXT NOT NULL CHECK (role IN ('facilitator', 'coordinator')),
				version INTEGER NOT NULL,
				signed_at INTEGER NOT NULL,
				PRIMARY KEY (case_id, staff_id)
			);

			CREATE TABLE report_amendments (
				id INTEGER PRIMARY KEY,
				case_id TEXT NOT NULL REFERENCES reports(case_id) ON DELETE CASCADE,
				version INTEGER NOT NULL,
				section TEXT NOT NULL,
				reason TEXT NOT NULL,
				author_id TEXT NOT NULL REFERENCES staff_users(id),
				at INTEGER NOT NULL
			);
			CREATE TRIGGER report_amendments_no_update BEFORE UPDATE ON report_amendments
				BEGIN SELECT RAISE(ABORT, 'Amendments cannot be changed.'); END;
		`
	},
	{
		id: 7,
		name: 'one-to-one remote delivery',
		sql: `
			-- A live session delivered one-to-one, remotely: pace and the fallback meeting link.
			CREATE TABLE one_to_one_sessions (
				live_session_id TEXT PRIMARY KEY REFERENCES live_sessions(id) ON DELETE CASCADE,
				own_pace INTEGER NOT NULL DEFAULT 0 CHECK (own_pace IN (0, 1)),
				pace_from INTEGER NOT NULL DEFAULT 0,
				pace_until INTEGER NOT NULL DEFAULT 0,
				meeting_link TEXT NOT NULL DEFAULT '',
				created_at INTEGER NOT NULL
			);

			-- A schedule of ten sessions for one woman, delivered one-to-one and remotely. It is
			-- kept as a group of one, so attendance, hours and the register work as for a group.
			CREATE TABLE one_to_one_groups (
				group_id TEXT PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
				case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE
			);
			CREATE INDEX one_to_one_groups_case ON one_to_one_groups(case_id);
		`
	},
	{
		id: 8,
		name: 'staff account management, two-factor sign-in and sign-in lockout',
		sql: `
			ALTER TABLE staff_users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
				CHECK (must_change_password IN (0, 1));
			ALTER TABLE staff_users ADD COLUMN totp_secret TEXT;
			ALTER TABLE staff_users ADD COLUMN totp_pending_secret TEXT;
			ALTER TABLE staff_users ADD COLUMN totp_enabled_at INTEGER;
			ALTER TABLE staff_users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

			-- One-time recovery codes: only a SHA-256 of each is kept.
			CREATE TABLE staff_recovery_codes (
				user_id TEXT NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
				code_hash BLOB NOT NULL,
				used_at INTEGER,
				PRIMARY KEY (user_id, code_hash)
			);

			-- Password accepted, second factor awaited: a short-lived token of its own, never a session.
			CREATE TABLE staff_pending_sign_ins (
				id TEXT PRIMARY KEY,
				user_id TEXT NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
				secret_hash BLOB NOT NULL,
				created_at INTEGER NOT NULL
			);
			CREATE INDEX staff_pending_sign_ins_user ON staff_pending_sign_ins(user_id);

			-- A username locked after repeated failures (known or not, so a lock reveals nothing).
			CREATE TABLE sign_in_locks (
				throttle_key TEXT PRIMARY KEY,
				locked_at INTEGER NOT NULL,
				locked_until INTEGER NOT NULL
			);
		`
	},
	{
		id: 9,
		name: 'audit log searchable by date and staff member; retention looks up closed records',
		sql: `
			CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at);
			CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log(actor_id, at);
			CREATE INDEX IF NOT EXISTS audit_log_action ON audit_log(action, at);
			CREATE INDEX IF NOT EXISTS case_status_history_case ON case_status_history(case_id, changed_at);
			CREATE INDEX IF NOT EXISTS live_sessions_phase ON live_sessions(phase, ended_at);
		`
	},
	{
		id: 10,
		name: 'reflections, sealed links and answers stored by key (fewer pages written per answer)',
		rebuildsTables: true,
		sql: `
			CREATE TABLE reflections_by_id (
				id TEXT PRIMARY KEY,
				live_session_id TEXT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
				exercise_id TEXT NOT NULL,
				text TEXT NOT NULL,
				status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'hidden')),
				shuffle_key INTEGER NOT NULL,
				created_at INTEGER NOT NULL
			) WITHOUT ROWID;
			INSERT INTO reflections_by_id (id, live_session_id, exercise_id, text, status, shuffle_key, created_at)
				SELECT id, live_session_id, exercise_id, text, status, shuffle_key, created_at FROM reflections;
			DROP TABLE reflections;
			ALTER TABLE reflections_by_id RENAME TO reflections;
			CREATE INDEX reflections_exercise ON reflections(live_session_id, exercise_id);

			CREATE TABLE reflection_author_links_by_id (
				reflection_id TEXT PRIMARY KEY REFERENCES reflections(id) ON DELETE CASCADE,
				participant_id TEXT NOT NULL REFERENCES live_participants(id) ON DELETE CASCADE
			) WITHOUT ROWID;
			INSERT INTO reflection_author_links_by_id (reflection_id, participant_id)
				SELECT reflection_id, participant_id FROM reflection_author_links;
			DROP TABLE reflection_author_links;
			ALTER TABLE reflection_author_links_by_id RENAME TO reflection_author_links;

			-- Her answer to an exercise is stored under (session, exercise, her): one b-tree less.
			CREATE TABLE answers_by_key (
				id TEXT NOT NULL UNIQUE,
				live_session_id TEXT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
				exercise_id TEXT NOT NULL,
				participant_id TEXT NOT NULL REFERENCES live_participants(id) ON DELETE CASCADE,
				answer TEXT NOT NULL,
				submitted_at INTEGER NOT NULL,
				PRIMARY KEY (live_session_id, exercise_id, participant_id)
			) WITHOUT ROWID;
			INSERT INTO answers_by_key (id, live_session_id, exercise_id, participant_id, answer, submitted_at)
				SELECT id, live_session_id, exercise_id, participant_id, answer, submitted_at FROM answers;
			DROP TABLE answers;
			ALTER TABLE answers_by_key RENAME TO answers;
		`
	},
	{
		id: 11,
		name: "an exercise's reflections looked up by status",
		sql: `
			-- The console reads an exercise's approved reflections on every answer: from the index.
			DROP INDEX reflections_exercise;
			CREATE INDEX reflections_exercise ON reflections(live_session_id, exercise_id, status);
		`
	},
	{
		id: 12,
		name: "a live session's version rises with every change to its row",
		sql: `
			-- A session's row read at one version is that version's row: the server keeps the
			-- running sessions it has read and reads one again only when its version has moved.
			CREATE TRIGGER live_sessions_version_rises BEFORE UPDATE ON live_sessions
			WHEN NEW.state_version <= OLD.state_version
			BEGIN
				SELECT RAISE(ABORT, 'a live session changed without raising its state_version');
			END;
		`
	}
];
