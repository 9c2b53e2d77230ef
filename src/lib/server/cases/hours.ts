/** Attendance arithmetic: minutes toward the programme's 20 hours. */
export const PROGRAMME_MINUTES = 20 * 60;

export type AttendanceStatus = 'present' | 'late' | 'left-early' | 'absent';

export interface AttendanceMark {
	status: AttendanceStatus;
	minutesLate: number;
	minutesLeftEarly: number;
}

/** Minutes of a session she was there for: late arrival and leaving early reduce it. */
export function minutesAttended(mark: AttendanceMark, sessionMinutes: number): number {
	if (mark.status === 'absent') return 0;
	const missed = Math.max(0, mark.minutesLate) + Math.max(0, mark.minutesLeftEarly);
	return Math.max(0, Math.min(sessionMinutes, sessionMinutes - missed));
}

export interface HoursSummary {
	sessionMinutes: number;
	catchupMinutes: number;
	totalMinutes: number;
	/** 0–100, toward 20 hours. */
	percent: number;
}

export function hoursSummary(
	sessions: Array<{ mark: AttendanceMark; sessionMinutes: number }>,
	catchupMinutes: number[]
): HoursSummary {
	const sessionMinutes = sessions.reduce(
		(sum, s) => sum + minutesAttended(s.mark, s.sessionMinutes),
		0
	);
	const catchup = catchupMinutes.reduce((sum, m) => sum + Math.max(0, m), 0);
	const totalMinutes = sessionMinutes + catchup;
	return {
		sessionMinutes,
		catchupMinutes: catchup,
		totalMinutes,
		percent: Math.min(100, Math.round((totalMinutes / PROGRAMME_MINUTES) * 100))
	};
}

/** "18 hours 30 minutes" */
export function formatHours(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	const hours = `${h} hour${h === 1 ? '' : 's'}`;
	return m === 0 ? hours : `${hours} ${m} minute${m === 1 ? '' : 's'}`;
}
