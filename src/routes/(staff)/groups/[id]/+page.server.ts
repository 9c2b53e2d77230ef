import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { londonDateAndTime } from '$lib/server/cases/london-time';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import { can } from '$lib/shared/permissions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const user = requireStaff(locals, 'groups:view');
	try {
		const view = getServices().cases.viewGroup(user, params.id);
		const live = getServices().live;
		return {
			...view,
			sessions: view.sessions.map((s) => ({
				...s,
				...londonDateAndTime(s.startsAt),
				livePhase: s.liveSessionId ? live.phaseOf(s.liveSessionId) : null
			})),
			canManage: can(user.role, 'groups:manage')
		};
	} catch (err) {
		if (err instanceof LiveError) error(err.code === 'not-found' ? 404 : 403, err.message);
		throw err;
	}
};

export const actions: Actions = {
	reschedule: async ({ locals, request }) => {
		const user = requireStaff(locals, 'groups:manage');
		const form = await request.formData();
		const sessionId = String(form.get('sessionId') ?? '');
		try {
			getServices().cases.rescheduleSession(user, sessionId, {
				date: String(form.get('date') ?? ''),
				time: String(form.get('time') ?? ''),
				durationMinutes: Number(form.get('durationMinutes') ?? 120)
			});
		} catch (err) {
			if (err instanceof z.ZodError) {
				return fail(400, {
					sessionId,
					error: err.issues[0]?.message ?? 'Check the date and time.'
				});
			}
			if (err instanceof LiveError) return fail(400, { sessionId, error: err.message });
			throw err;
		}
		return { sessionId, saved: true };
	},
	startLive: async ({ locals, request }) => {
		const user = requireStaff(locals, 'live:run');
		const sessionId = String((await request.formData()).get('sessionId') ?? '');
		const services = getServices();
		let liveId: string;
		try {
			const plan = services.cases.liveSessionPlan(user, sessionId);
			if (
				plan.session.liveSessionId &&
				services.live.phaseOf(plan.session.liveSessionId) !== 'ended'
			) {
				liveId = plan.session.liveSessionId;
			} else {
				liveId = services.live.create(user, {
					title: plan.title,
					moduleIds: plan.session.moduleIds,
					participants: plan.participants,
					programmeVersionId: plan.group.programmeVersionId,
					groupSessionId: plan.session.id,
					programmeSessionNumber: plan.session.number
				}).id;
				services.cases.linkLiveSession(plan.session.id, liveId);
				if (services.oneToOne.isSchedule(plan.group.id)) services.oneToOne.register(user, liveId);
			}
		} catch (err) {
			if (err instanceof LiveError) return fail(400, { sessionId, error: err.message });
			throw err;
		}
		redirect(303, `/console/${liveId}`);
	}
};
