import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { fieldErrors } from '$lib/components/cases/form-errors';
import { changeChartSvg } from '$lib/server/assessment/chart';
import { CONTENT_LABELS } from '$lib/server/assessment/report-model';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import {
	ASSESSMENT_DOMAINS,
	RATING_STAGES,
	RECOMMENDATION_LABELS,
	type RatingStage
} from '$lib/shared/assessment';
import type { Actions, PageServerLoad } from './$types';

const isStage = (v: string | null): v is RatingStage =>
	v !== null && (RATING_STAGES as readonly string[]).includes(v);

export const load: PageServerLoad = ({ locals, params, url }) => {
	const user = requireStaff(locals, 'reports:view');
	let w;
	try {
		w = getServices().assessment.workspace(user, params.id);
	} catch (err) {
		if (err instanceof LiveError) error(err.code === 'not-found' ? 404 : 403, err.message);
		throw err;
	}
	const stageParam = url.searchParams.get('stage');
	const stage: RatingStage = isStage(stageParam) ? stageParam : 'end';
	const r = w.report;
	return {
		person: w.person,
		stage,
		status: { id: r.status, label: w.statusLabel, version: r.version },
		can: w.can,
		ratings: w.ratings.map((x) => ({
			domain: x.domain,
			stage: x.stage,
			rating: x.rating,
			trajectory: x.trajectory,
			confidence: x.confidence,
			rationale: x.rationale,
			ratedBy: x.ratedBy,
			ratedAt: x.ratedAt
		})),
		chart: changeChartSvg(
			w.ratings.map((x) => ({
				domain: x.domain,
				stage: x.stage,
				value: x.rating === 'NE' ? null : Number(x.rating)
			}))
		),
		evidence: w.evidence.map((e) => ({
			id: e.id,
			domain: e.domain,
			occurredOn: e.occurredOn,
			source: e.source,
			kind: e.kind,
			quotation: e.quotation,
			text: e.text,
			author: e.author,
			live: e.live,
			sessionTitle: e.sessionTitle
		})),
		selfAssessment: w.selfAssessment,
		proposal: w.proposal,
		recommendation: {
			value: r.recommendation,
			label: r.recommendation ? RECOMMENDATION_LABELS[r.recommendation] : null,
			overrideReason: r.overrideReason,
			collusion: r.collusion,
			supports: r.supports,
			escalatedAt: r.escalatedAt,
			acknowledgedAt: r.escalationAcknowledgedAt
		},
		content: r.content,
		signatures: w.signatures.map((s) => ({
			name: s.name,
			role: s.role,
			signedAt: s.signedAt,
			version: s.version
		})),
		awaiting: w.awaiting,
		amendments: w.amendments.map((a) => ({
			id: a.id,
			version: a.version,
			section: a.sectionLabel,
			reason: a.reason,
			author: a.author,
			at: a.at
		})),
		contentLabels: CONTENT_LABELS
	};
};

interface FormResult {
	form: string;
	saved?: string;
	errors?: Record<string, string>;
	values?: Record<string, string>;
}

const failureStatus = (code: string) =>
	code === 'forbidden' ? 403 : code === 'not-found' ? 404 : code === 'conflict' ? 409 : 400;

function attempt(form: string, values: Record<string, string>, work: () => string) {
	try {
		return { form, saved: work() } satisfies FormResult as FormResult;
	} catch (err) {
		if (err instanceof z.ZodError) {
			return fail(400, { form, values, errors: fieldErrors(err) } as FormResult);
		}
		if (err instanceof LiveError) {
			return fail(failureStatus(err.code), {
				form,
				values,
				errors: { form: err.message }
			} as FormResult);
		}
		throw err;
	}
}

async function read(request: Request) {
	const data = await request.formData();
	const values: Record<string, string> = {};
	for (const [key, value] of data.entries()) {
		if (typeof value === 'string') values[key] = value.slice(0, 8000);
	}
	return {
		values,
		text: (key: string) => values[key] ?? '',
		checked: (key: string) => values[key] === 'yes'
	};
}

export const actions: Actions = {
	ratings: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'reports:edit');
		const f = await read(request);
		const entries = ASSESSMENT_DOMAINS.filter((d) => f.text(`${d.id}-rating`) !== '').map((d) => ({
			domain: d.id,
			rating: f.text(`${d.id}-rating`),
			trajectory: f.text(`${d.id}-trajectory`),
			confidence: f.text(`${d.id}-confidence`),
			rationale: f.text(`${d.id}-rationale`)
		}));
		return attempt('ratings', f.values, () => {
			getServices().assessment.saveRatings(user, params.id, {
				stage: f.text('stage') as RatingStage,
				entries: entries as Parameters<
					ReturnType<typeof getServices>['assessment']['saveRatings']
				>[2]['entries']
			});
			return `Ratings saved: ${entries.length} domain${entries.length === 1 ? '' : 's'}.`;
		});
	},

	evidence: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'reports:edit');
		const f = await read(request);
		return attempt('evidence', f.values, () => {
			getServices().assessment.addEvidence(user, params.id, {
				domain: f.text('domain') as 'D1',
				occurredOn: f.text('occurredOn'),
				source: f.text('source') as 'observed',
				kind: f.text('kind') as 'fact',
				quotation: f.checked('quotation'),
				text: f.text('text')
			});
			return 'Evidence added.';
		});
	},

	content: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'reports:edit');
		const f = await read(request);
		return attempt('content', f.values, () => {
			const keys = Object.keys(CONTENT_LABELS) as Array<keyof typeof CONTENT_LABELS>;
			const input = Object.fromEntries(keys.map((k) => [k, f.text(k)]));
			getServices().assessment.saveContent(
				user,
				params.id,
				input as Parameters<ReturnType<typeof getServices>['assessment']['saveContent']>[2]
			);
			return 'Report text saved.';
		});
	},

	recommendation: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'reports:edit');
		const f = await read(request);
		const supports = [0, 1, 2, 3]
			.map((i) => ({
				domain: f.text(`supports.${i}.domain`),
				need: f.text(`supports.${i}.need`),
				provider: f.text(`supports.${i}.provider`),
				frequency: f.text(`supports.${i}.frequency`),
				reviewDate: f.text(`supports.${i}.reviewDate`)
			}))
			.filter((s) => s.need || s.provider || s.frequency || s.reviewDate);
		return attempt('recommendation', f.values, () => {
			const out = getServices().assessment.saveRecommendation(user, params.id, {
				recommendation: f.text('recommendation') as 'A',
				overrideReason: f.text('overrideReason'),
				collusion: f.checked('collusion'),
				supports: supports as Array<{
					domain: 'D1';
					need: string;
					provider: string;
					frequency: string;
					reviewDate: string;
				}>
			});
			return out.escalated
				? 'Recommendation C saved. Coordinators and safeguarding leads have been alerted on their dashboard; tell the lead social worker today.'
				: 'Recommendation saved.';
		});
	},

	sign: ({ locals, params }) => {
		const user = requireStaff(locals, 'reports:sign');
		return attempt('sign', {}, () => {
			getServices().assessment.sign(user, params.id);
			return 'You have signed the report.';
		});
	},

	approve: ({ locals, params }) => {
		const user = requireStaff(locals, 'reports:approve');
		return attempt('approve', {}, () => {
			getServices().assessment.approve(user, params.id);
			return 'Report approved. It is now locked; later changes are amendments with a reason.';
		});
	},

	amend: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'reports:edit');
		const f = await read(request);
		return attempt('amend', f.values, () => {
			getServices().assessment.amend(user, params.id, {
				section: f.text('section') as 'summary',
				text: f.text('text'),
				reason: f.text('reason')
			});
			return 'Amendment saved. It is shown in the report’s history.';
		});
	},

	acknowledge: ({ locals, params }) => {
		const user = requireStaff(locals, 'reports:approve');
		return attempt('acknowledge', {}, () => {
			getServices().assessment.acknowledgeEscalation(user, params.id);
			return 'Escalation acknowledged.';
		});
	}
};
