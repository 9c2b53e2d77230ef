import type { StaffRole } from '../../shared/roles';
import { AUDIT_PAGE_SIZE, auditActionLabel, type AuditFilter } from '../../shared/audit';
import type { AuditLogStore, AuditQuery } from '../db/audit-log';
import type { StaffUserStore } from '../db/staff-users';
import { londonTimestamp } from '../cases/london-time';
import { LiveError } from '../live/errors';

export interface AuditActor {
	id: string;
	role: StaffRole;
}

/** A filter from the screen, as a store query: dates are whole UK days, the end day included. */
export function toQuery(filter: AuditFilter): AuditQuery {
	const query: AuditQuery = {};
	if (filter.from) query.from = londonTimestamp(filter.from, '00:00');
	if (filter.to) {
		const [y, m, d] = filter.to.split('-').map(Number) as [number, number, number];
		const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
		query.to = londonTimestamp(next, '00:00');
	}
	if (filter.staff) query.actorId = filter.staff;
	if (filter.action) query.action = filter.action;
	if (filter.record) query.subjectId = filter.record;
	return query;
}

/** A CSV cell: quoted, and never read as a formula by a spreadsheet. */
export function csvCell(value: string | number | null): string {
	let text = value === null ? '' : String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The audit log as coordinators read it: filtered, paged, and exported as CSV. Only
 * coordinators may read it, and each export is itself written to the log.
 */
export function createAuditService(deps: {
	audit: AuditLogStore;
	users: StaffUserStore;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;

	function requireCoordinator(actor: AuditActor): void {
		if (actor.role !== 'coordinator')
			throw new LiveError('forbidden', 'Only coordinators can read the audit log.');
	}

	function staffName(id: string | null): string {
		if (id === null) return 'The system';
		return deps.users.findById(id)?.displayName ?? 'Former staff member';
	}

	function describe(entry: ReturnType<AuditLogStore['search']>[number]) {
		return {
			id: entry.id,
			at: entry.at,
			actorId: entry.actorId,
			staff: staffName(entry.actorId),
			action: entry.action,
			actionLabel: auditActionLabel(entry.action),
			subjectType: entry.subjectType,
			subjectId: entry.subjectId,
			detail: entry.detail
		};
	}

	return {
		/** One page of matching rows (newest first), the total, and the choices for the filter. */
		list(actor: AuditActor, filter: AuditFilter) {
			requireCoordinator(actor);
			const query = toQuery(filter);
			const total = deps.audit.count(query);
			const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
			const page = Math.min(filter.page ?? 1, pages);
			const rows = deps.audit
				.search(query, { limit: AUDIT_PAGE_SIZE, offset: (page - 1) * AUDIT_PAGE_SIZE })
				.map(describe);
			return {
				rows,
				total,
				page,
				pages,
				staff: deps.users
					.list()
					.map((u) => ({ id: u.id, name: u.displayName, username: u.username }))
					.sort((a, b) => a.name.localeCompare(b.name)),
				actions: deps.audit
					.actions()
					.map((action) => ({ id: action, label: auditActionLabel(action) }))
			};
		},

		/** Every matching row as CSV; the export is audited with its filter (ids and dates only). */
		exportCsv(actor: AuditActor, filter: AuditFilter): { csv: string; count: number } {
			requireCoordinator(actor);
			const rows = deps.audit.search(toQuery(filter)).map(describe);
			const header = [
				'Entry',
				'Time (UTC)',
				'Staff member',
				'Staff id',
				'Action',
				'Action code',
				'Record type',
				'Record id',
				'Detail'
			];
			const lines = [header.map(csvCell).join(',')];
			for (const r of rows) {
				lines.push(
					[
						r.id,
						new Date(r.at).toISOString(),
						r.staff,
						r.actorId,
						r.actionLabel,
						r.action,
						r.subjectType,
						r.subjectId,
						r.detail
					]
						.map(csvCell)
						.join(',')
				);
			}
			const { page: _page, ...shown } = filter;
			void _page;
			deps.audit.record({
				at: now(),
				actorId: actor.id,
				action: 'audit.export',
				subjectType: 'audit',
				subjectId: 'audit-log',
				detail: JSON.stringify({ filter: shown, rows: rows.length })
			});
			return { csv: `${lines.join('\r\n')}\r\n`, count: rows.length };
		}
	};
}

export type AuditService = ReturnType<typeof createAuditService>;
