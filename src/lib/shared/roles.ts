export const STAFF_ROLES = ['coordinator', 'facilitator', 'mentor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<StaffRole, string> = {
	coordinator: 'Coordinator',
	facilitator: 'Facilitator',
	mentor: 'Mentor'
};
