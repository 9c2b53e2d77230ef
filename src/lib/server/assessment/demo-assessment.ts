import type { DomainId, RatingStage, RatingValue, Trajectory } from '../../shared/assessment';
import type { AssessmentActor, AssessmentService } from './assessment-service';

/**
 * A complete, made-up set of ratings, evidence and a written draft for one woman, so a demo (and
 * the benchmark) has a full report to show. Recommendation B with two named supports.
 */
const PLAN: Array<{
	domain: string;
	ratings: [RatingValue, RatingValue, RatingValue];
	end: Trajectory;
}> = [
	{ domain: 'D1', ratings: ['2', '3', '3'], end: 'improving' },
	{ domain: 'D2', ratings: ['2', '2', '3'], end: 'improving' },
	{ domain: 'D3', ratings: ['1', '2', '3'], end: 'improving' },
	{ domain: 'D4', ratings: ['2', '2', '3'], end: 'improving' },
	{ domain: 'D5', ratings: ['2', '3', '4'], end: 'improving' },
	{ domain: 'D6', ratings: ['NE', '2', '2'], end: 'improving' },
	{ domain: 'D7', ratings: ['1', '2', '2'], end: 'improving' },
	{ domain: 'D8', ratings: ['2', '3', '3'], end: 'stable' },
	{ domain: 'D9', ratings: ['2', '2', '3'], end: 'improving' },
	{ domain: 'D10', ratings: ['3', '3', '3'], end: 'stable' },
	{ domain: 'D11', ratings: ['2', '2', '3'], end: 'improving' },
	{ domain: 'D12', ratings: ['3', '4', '4'], end: 'stable' }
];

const EVIDENCE: Array<{
	domain: string;
	daysAgo: number;
	source: 'self-report' | 'observed' | 'written-work' | 'third-party';
	kind: 'fact' | 'opinion';
	quotation: boolean;
	text: string;
}> = [
	{
		domain: 'D1',
		daysAgo: 70,
		source: 'third-party',
		kind: 'fact',
		quotation: false,
		text: 'Social worker reports she told the strategy meeting she "did not know what to believe".'
	},
	{
		domain: 'D1',
		daysAgo: 14,
		source: 'self-report',
		kind: 'fact',
		quotation: true,
		text: 'I believe her. I don’t need him to say it for it to be true.'
	},
	{
		domain: 'D2',
		daysAgo: 35,
		source: 'observed',
		kind: 'opinion',
		quotation: false,
		text: 'In the responsibility exercise she moved all the cards to him without prompting; still blames herself for not seeing it.'
	},
	{
		domain: 'D3',
		daysAgo: 42,
		source: 'written-work',
		kind: 'fact',
		quotation: false,
		text: 'Four preconditions worksheet completed, applying each step to his behaviour.'
	},
	{
		domain: 'D4',
		daysAgo: 28,
		source: 'written-work',
		kind: 'fact',
		quotation: false,
		text: 'Listed six specific warning signs, including his offers to babysit and the gifts.'
	},
	{
		domain: 'D5',
		daysAgo: 21,
		source: 'observed',
		kind: 'opinion',
		quotation: false,
		text: 'Spoke about her daughter’s nightmares with warmth and without turning to her own loss.'
	},
	{
		domain: 'D6',
		daysAgo: 18,
		source: 'self-report',
		kind: 'fact',
		quotation: true,
		text: 'I practised what I’d say if she told me something. I’d stay calm and believe her.'
	},
	{
		domain: 'D7',
		daysAgo: 10,
		source: 'written-work',
		kind: 'fact',
		quotation: false,
		text: 'Family safety plan drafted; the school run and weekends are not yet covered.'
	},
	{
		domain: 'D8',
		daysAgo: 12,
		source: 'third-party',
		kind: 'fact',
		quotation: false,
		text: 'Probation confirms no contact since the bail conditions; she reported his two messages to the police.'
	},
	{
		domain: 'D9',
		daysAgo: 9,
		source: 'self-report',
		kind: 'fact',
		quotation: false,
		text: 'Has told her sister and a friend; both have met the social worker.'
	},
	{
		domain: 'D10',
		daysAgo: 30,
		source: 'third-party',
		kind: 'fact',
		quotation: false,
		text: 'Attended every core group meeting; kept to the written agreement.'
	},
	{
		domain: 'D11',
		daysAgo: 40,
		source: 'self-report',
		kind: 'fact',
		quotation: false,
		text: 'On a waiting list for counselling; check-in scores rose from 3 to 7 over the programme.'
	},
	{
		domain: 'D12',
		daysAgo: 7,
		source: 'observed',
		kind: 'opinion',
		quotation: false,
		text: 'Completed every homework task and contributed steadily to group discussion.'
	}
];

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function seedDemoAssessment(
	assessment: AssessmentService,
	caseId: string,
	facilitator: AssessmentActor,
	now = Date.now()
): void {
	const stages: RatingStage[] = ['baseline', 'mid', 'end'];
	stages.forEach((stage, i) => {
		assessment.saveRatings(facilitator, caseId, {
			stage,
			entries: PLAN.map((p) => ({
				domain: p.domain as 'D1',
				rating: p.ratings[i]!,
				trajectory: i === 0 ? 'stable' : p.end,
				confidence: i === 2 ? 'high' : 'medium',
				rationale:
					i === 2
						? 'Consistent across sessions, written work and third-party information.'
						: 'Early view from the sessions so far.'
			}))
		});
	});
	for (const e of EVIDENCE) {
		assessment.addEvidence(facilitator, caseId, {
			domain: e.domain as 'D1',
			occurredOn: iso(now - e.daysAgo * 86_400_000),
			source: e.source,
			kind: e.kind,
			quotation: e.quotation,
			text: e.text
		});
	}
	const conference = iso(now + 21 * 86_400_000);
	assessment.saveContent(facilitator, caseId, {
		preparedFor: 'Northshire review child protection conference',
		caseNumber: 'NS-2026-0417',
		conferenceKind: 'review',
		conferenceDate: conference,
		qualifications: 'Both facilitators are qualified social workers trained in the programme.',
		distribution: 'Conference chair; lead social worker; the participant.',
		sharedWithHerOn: '',
		summary:
			'She has engaged fully and moved from uncertainty to clear belief in her daughter’s account. She is capable of protecting her children if the support below is provided, chiefly to finish and test the family safety plan.',
		referralQuestions:
			'1. Does she accept the concerns? Yes, now without needing his confirmation.\n2. Can she protect the children? With support, yes: see section 12.',
		sources:
			'Referral and child protection plan; initial assessment interview; ten group sessions; worksheets; reports from the social worker and probation.',
		background:
			'She lives with her two children. Her former partner is on bail with conditions not to contact the children. The children are on child protection plans under the category of sexual abuse.',
		programmeResponse:
			'She attended every session and took part in every exercise. In module 5 she said: “I finally understand it wasn’t about me not being enough.”',
		childPerspective:
			'There was no direct work with the children. Their social worker reports that the older child feels believed by her mother.',
		integratedAnalysis:
			'The children need a parent who believes them and acts on warning signs. Her belief and child focus are now secure; her safety plan and the ways she will talk with the children need more work, which is time-limited and specific.',
		rationale:
			'No domain is at 1; the critical domains are at 3 or 4. D6 and D7 remain at 2 but are improving, and each has a named support with a review date.',
		actionRequested: '',
		areasOfNeed:
			'Finishing and testing the family safety plan (D7); talking with the children about body safety (D6).',
		supportPlan:
			'Her mentor calls fortnightly for six months and watches for contact with him; any concern goes to the lead social worker the same day.',
		limitations:
			'No direct work with the children; no psychological assessment was commissioned. Our opinion could change if contact with him resumed.',
		herComments: ''
	});
	assessment.saveRecommendation(facilitator, caseId, {
		recommendation: 'B',
		overrideReason: '',
		collusion: false,
		supports: [
			{
				domain: 'D6',
				need: 'Plan and rehearse body-safety talks with the children',
				provider: 'Northshire family support team',
				frequency: 'Fortnightly, six sessions',
				reviewDate: iso(now + 90 * 86_400_000)
			},
			{
				domain: 'D7',
				need: 'Finish and test the family safety plan against scenarios',
				provider: 'Lead social worker',
				frequency: 'Monthly',
				reviewDate: iso(now + 90 * 86_400_000)
			}
		]
	});
}

/** What the demo needs of the live engine to have her answer the self-assessment on a "tablet". */
interface LiveForDemo {
	create(
		actor: AssessmentActor,
		input: {
			title: string;
			moduleIds: string[];
			participants: Array<{ firstName: string; pin: string; caseId: string }>;
		}
	): { id: string; code: string };
	join(code: string, pin: string, address: string): { token: string; participantId: string };
	authenticateParticipant(token: string): { liveSessionId: string; participantId: string };
	staffSnapshot(
		liveSessionId: string,
		connected: Set<string>,
		origin: string
	): { outline: Array<{ index: number; exerciseId: string }> };
	submit(
		who: { liveSessionId: string; participantId: string },
		input: {
			clientId: string;
			exerciseId: string;
			answer:
				{ type: 'scale'; value: number } | { type: 'worksheet'; values: Record<string, string> };
		}
	): unknown;
	addNote(
		actor: AssessmentActor,
		liveSessionId: string,
		input: { clientId: string; participantId: string; domain: DomainId; text: string }
	): unknown;
	command(
		actor: AssessmentActor,
		liveSessionId: string,
		command: { type: 'end' } | { type: 'goto'; index: number }
	): unknown;
}

const SELF_RATINGS: Record<string, number> = {
	'sa-knowledge-scale': 7,
	'sa-scale-belief': 9,
	'sa-scale-responsibility': 8,
	'sa-scale-warning-signs': 7,
	'sa-scale-children-first': 9,
	'sa-scale-talking-with-children': 5,
	'sa-scale-safety-plan': 6,
	'sa-scale-own-decisions': 8,
	'sa-scale-support': 7
};

/**
 * Runs a one-to-one module-8 session through the live engine: she answers the private
 * self-assessment scales on her "tablet" and a facilitator writes a note in the console.
 */
export function seedDemoSelfAssessment(
	live: LiveForDemo,
	facilitator: AssessmentActor,
	person: { caseId: string; firstName: string; pin: string }
): void {
	const session = live.create(facilitator, {
		title: 'Self-assessment catch-up',
		moduleIds: ['self-and-group-assessment'],
		participants: [{ firstName: person.firstName, pin: person.pin, caseId: person.caseId }]
	});
	const who = live.authenticateParticipant(live.join(session.code, person.pin, 'demo').token);
	const outline = live.staffSnapshot(session.id, new Set(), 'http://localhost').outline;
	let n = 0;
	const clientId = () => `demo-self-${person.caseId.slice(0, 8)}-${n++}`;
	for (const item of outline) {
		const value = SELF_RATINGS[item.exerciseId];
		if (value === undefined && item.exerciseId !== 'sa-then-and-now') continue;
		live.command(facilitator, session.id, { type: 'goto', index: item.index });
		live.submit(who, {
			clientId: clientId(),
			exerciseId: item.exerciseId,
			answer:
				value !== undefined
					? { type: 'scale', value }
					: {
							type: 'worksheet',
							values: {
								'understand-now': 'That it was never my fault, and how he got round all of us.',
								professionals: '8',
								coping: '6',
								'still-want-help': 'Talking to my daughter about it.'
							}
						}
		});
	}
	live.addNote(facilitator, session.id, {
		clientId: clientId(),
		participantId: who.participantId,
		domain: 'D7',
		text: 'Tested her safety plan against the school-holiday scenario; she saw the gap herself.'
	});
	live.command(facilitator, session.id, { type: 'end' });
}
