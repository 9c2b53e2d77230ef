/** The journey of one participant, and the moves allowed between its stages. */
export const CASE_STATUSES = [
	'referred',
	'assessing',
	'allocated',
	'in-programme',
	'completed',
	'withdrawn'
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
	referred: 'Referred',
	assessing: 'Assessing',
	allocated: 'Allocated',
	'in-programme': 'In programme',
	completed: 'Completed',
	withdrawn: 'Withdrawn'
};

const NEXT: Record<CaseStatus, readonly CaseStatus[]> = {
	referred: ['assessing', 'withdrawn'],
	assessing: ['allocated', 'withdrawn'],
	allocated: ['in-programme', 'assessing', 'withdrawn'],
	'in-programme': ['completed', 'withdrawn'],
	completed: [],
	withdrawn: []
};

export function allowedNext(from: CaseStatus): readonly CaseStatus[] {
	return NEXT[from];
}

export function canMove(from: CaseStatus, to: CaseStatus): boolean {
	return NEXT[from].includes(to);
}
