import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import {
	RATING_LABELS,
	RECOMMENDATION_LABELS,
	SOURCE_LABELS,
	STAGE_LABELS,
	domainTitle
} from '../../shared/assessment';
import type { SubjectAccessExport } from './subject-access';

let fontsReady = false;
const STANDARD_FONTS = new Set([
	'Helvetica',
	'Helvetica-Bold',
	'Helvetica-Oblique',
	'Helvetica-BoldOblique'
]);

/** The PDF's only fonts are the standard Helvetica ones every PDF reader has: nothing is read from disk. */
function ensureFonts(): void {
	if (fontsReady) return;
	pdfmake.addFonts({
		Helvetica: {
			normal: 'Helvetica',
			bold: 'Helvetica-Bold',
			italics: 'Helvetica-Oblique',
			bolditalics: 'Helvetica-BoldOblique'
		}
	});
	const policies = pdfmake as unknown as { urlAccessPolicy?: unknown; localAccessPolicy?: unknown };
	// Nothing is fetched from the network; from disk, only the standard font names (which
	// pdfkit serves from its own data) and font files. A policy set elsewhere stays in place.
	if (policies.urlAccessPolicy === undefined) pdfmake.setUrlAccessPolicy(() => false);
	if (policies.localAccessPolicy === undefined)
		pdfmake.setLocalAccessPolicy(
			(path) => STANDARD_FONTS.has(path) || /\.(ttf|otf|afm)$/i.test(path)
		);
	fontsReady = true;
}

/** The standard PDF fonts cover Latin-1 and a few typographic marks; anything else becomes "?". */
export function pdfSafe(text: string): string {
	return text
		.replace(/→/g, 'to')
		.replace(
			/[^\t\n\r\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/gu,
			'?'
		);
}

const ukDate = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	hour12: false,
	timeZone: 'Europe/London'
});

function when(value: string | null): string {
	return value ? ukDate.format(new Date(value)) : '–';
}

function show(value: unknown): string {
	if (value === null || value === undefined || value === '') return '–';
	if (typeof value === 'boolean') return value ? 'Yes' : 'No';
	if (typeof value === 'string' || typeof value === 'number') return String(value);
	return JSON.stringify(value);
}

/** Her answer in words: the number she chose, the words she wrote, or what she picked. */
export function answerText(answer: unknown): string {
	if (!answer || typeof answer !== 'object') return show(answer);
	const a = answer as Record<string, unknown>;
	switch (a.type) {
		case 'pass':
			return 'Passed';
		case 'scale':
		case 'checkin':
			return `${show(a.value)} out of 10`;
		case 'reflection':
			return show(a.text);
		case 'poll':
			return Array.isArray(a.optionIds) ? `Chose ${a.optionIds.join(', ')}` : show(a);
		case 'wordcloud':
			return Array.isArray(a.words) ? a.words.join(', ') : show(a);
		case 'sort':
		case 'worksheet': {
			const entries = Object.entries((a.placements ?? a.values ?? {}) as Record<string, unknown>);
			return entries.map(([k, v]) => `${k}: ${show(v)}`).join('; ') || '–';
		}
		default:
			return show(a);
	}
}

function fieldTable(rows: Array<[string, unknown]>): Content {
	return {
		table: {
			widths: [150, '*'],
			body: rows.map(([label, value]) => [
				{ text: pdfSafe(label), bold: true },
				{ text: pdfSafe(show(value)) }
			])
		},
		layout: 'lightHorizontalLines',
		margin: [0, 0, 0, 12]
	};
}

function heading(text: string): Content {
	return { text, style: 'h2' };
}

function list(items: string[], empty: string): Content {
	if (items.length === 0) return { text: empty, italics: true, margin: [0, 0, 0, 12] };
	return { ul: items.map((i) => pdfSafe(i)), margin: [0, 0, 0, 12] };
}

/** The subject-access export as a readable PDF: the same content as the JSON file. */
export function subjectAccessDocument(data: SubjectAccessExport): TDocumentDefinitions {
	const r = data.record;
	const content: Content[] = [
		{ text: 'Information we hold about you', style: 'h1' },
		{
			text: pdfSafe(
				`Prepared on ${when(data.generatedAt)}. This is everything Circlework holds about you: your record and its history, your attendance, mentoring, the live sessions you joined and your answers in them, notes written about you, your assessment and report, and who has looked at your record.`
			),
			margin: [0, 0, 0, 12]
		},
		heading('Your record'),
		fieldTable([
			['Name', `${r.firstName} ${r.lastName}`],
			['Phone', r.phone],
			['Status', r.status],
			['Reason for withdrawing', r.withdrawnReason],
			['Relationship', r.relationshipStatus],
			['Group', r.group ? `${r.group.name}, ${r.group.site}` : null],
			['Way of taking part', r.suitability],
			['Session PIN', r.pin],
			['Mentor', r.mentor],
			['Record made', when(r.createdAt)],
			['Last changed', when(r.updatedAt)]
		]),
		heading('The referral'),
		fieldTable([
			['Referred by', r.referral.referrerName],
			['Their role', r.referral.referrerRole],
			['Agency', r.referral.referrerAgency],
			['Local authority', r.referral.localAuthority],
			['Their contact details', r.referral.referrerContact],
			['Reason for referral', r.referral.reason],
			['What he is accused or convicted of', r.referral.offenceSummary],
			['Known risks', r.referral.knownRisks],
			[
				'Children (initials and ages)',
				data.children.map((k) => `${k.initials} (${k.age})`).join(', ')
			]
		]),
		heading('Support needs, consent and assessment'),
		fieldTable([
			['Help with reading', r.needs.literacy],
			['Language', r.needs.language],
			['Disability', r.needs.disability],
			['Childcare', r.needs.childcare],
			['Consent to share information', r.consent.informationSharing],
			['Told the limits of confidentiality', r.consent.limitsOfConfidentiality],
			['Consent recorded', when(r.consent.recordedAt)],
			['Family dynamics', r.assessment.familyDynamics],
			['Risks', r.assessment.risks],
			['Needs', r.assessment.needs],
			['Psychological referral', r.assessment.psychologicalFlag],
			['Outcome', r.assessment.psychologicalOutcome],
			['Counselling referral', r.assessment.counsellingFlag],
			['Outcome', r.assessment.counsellingOutcome],
			['Assessed', when(r.assessment.assessedAt)]
		]),
		heading('Changes of status'),
		list(
			data.statusHistory.map(
				(h) =>
					`${when(h.at)}: ${h.from ? `${h.from} to ` : ''}${h.to}${h.reason ? ` (${h.reason})` : ''}${h.by ? `, by ${h.by}` : ''}`
			),
			'No changes of status.'
		),
		heading('Attendance'),
		list(
			data.attendance.map(
				(a) =>
					`Session ${show(a.session)} (${when(a.date)}): ${a.status}${a.minutesLate ? `, ${a.minutesLate} minutes late` : ''}${a.minutesLeftEarly ? `, left ${a.minutesLeftEarly} minutes early` : ''}${a.absentReason ? `, ${a.absentReason}` : ''}`
			),
			'No attendance recorded.'
		),
		heading('Catch-up sessions'),
		list(
			data.catchUps.map(
				(k) =>
					`${k.heldOn}: ${k.module}, ${k.durationMinutes} minutes${k.note ? `. ${k.note}` : ''}`
			),
			'No catch-up sessions.'
		),
		heading('Mentoring contacts'),
		list(
			data.mentorContacts.map(
				(k) =>
					`${k.contactOn} (${k.kind}, ${show(k.mentor)}): ${k.summary}${k.concern ? ` Concern: ${k.concernDetails}` : ''}`
			),
			'No mentoring contacts.'
		),
		heading('Live sessions, your answers and notes about you')
	];
	if (data.liveSessions.length === 0) {
		content.push({
			text: 'You have not joined a live session.',
			italics: true,
			margin: [0, 0, 0, 12]
		});
	}
	for (const s of data.liveSessions) {
		content.push({ text: pdfSafe(`${s.title} – joined ${when(s.joinedAt)}`), style: 'h3' });
		content.push(
			list(
				s.answers.map((a) => `${show(a.exercise)}: ${answerText(a.answer)}`),
				'No answers with your name.'
			)
		);
		if (s.notesAboutHer.length > 0) {
			content.push({ text: 'Notes written about you', bold: true });
			content.push(
				list(
					s.notesAboutHer.map((n) => `${when(n.at)} (${n.domain}, ${show(n.by)}): ${n.text}`),
					''
				)
			);
		}
		if (s.pauseRequests.length > 0) {
			content.push(
				list(
					s.pauseRequests.map((q) => `You asked for a pause at ${when(q.at)}`),
					''
				)
			);
		}
	}
	const report = data.report;
	content.push(
		heading('Your assessment'),
		list(
			data.assessment.ratings.map(
				(r) =>
					`${STAGE_LABELS[r.stage]}, ${r.domain} ${domainTitle(r.domain)}: ${RATING_LABELS[r.rating]} (${r.trajectory}, ${r.confidence} confidence)${r.rationale ? `. ${r.rationale}` : ''}`
			),
			'No ratings recorded.'
		),
		{ text: 'Evidence recorded', bold: true },
		list(
			data.assessment.evidence.map(
				(e) =>
					`${e.occurredOn} (${e.domain}, ${SOURCE_LABELS[e.source]}, ${e.kind}${e.herOwnWords ? ', your own words' : ''}, ${show(e.by)}): ${e.text}`
			),
			'No evidence recorded.'
		),
		heading('The post-programme report'),
		report
			? list(
					[
						`Status: ${report.status === 'approved' ? 'approved and locked' : report.status === 'signing' ? 'awaiting signatures' : 'draft'}, version ${report.version}.`,
						`Recommendation: ${report.recommendation ? RECOMMENDATION_LABELS[report.recommendation] : 'not yet decided'}.`,
						...report.signatures.map(
							(g) => `Signed by ${show(g.by)} (${g.role}) on ${when(g.at)}.`
						),
						...report.amendments.map(
							(a) => `Amended on ${when(a.at)} by ${show(a.by)} (${a.section}): ${a.reason}`
						),
						'The full text of the report is in the machine-readable file.'
					],
					''
				)
			: { text: 'No report has been started.', italics: true, margin: [0, 0, 0, 12] },
		heading('Sealed reflections that were opened'),
		list(
			data.sealedReflectionOpenings.map(
				(o) =>
					`${when(o.openedAt)} by ${show(o.openedBy)}. Reason: ${o.reason}. What was written: “${show(o.words)}”`
			),
			'No sealed reflection has been linked back to you.'
		),
		heading('Who has looked at or changed your record'),
		list(
			data.accessLog.map((a) => `${when(a.at)}: ${a.what} (${a.by})`),
			'Nobody yet.'
		),
		heading('What this does not include'),
		list(data.notIncluded, '')
	);
	return {
		info: { title: 'Information we hold about you', author: 'Circlework' },
		pageSize: 'A4',
		pageMargins: [50, 50, 50, 50],
		defaultStyle: { font: 'Helvetica', fontSize: 10, lineHeight: 1.25 },
		styles: {
			h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 8] },
			h2: { fontSize: 13, bold: true, margin: [0, 8, 0, 6] },
			h3: { fontSize: 11, bold: true, margin: [0, 4, 0, 4] }
		},
		footer: (page: number, pages: number) => ({
			text: `Page ${page} of ${pages}`,
			alignment: 'center',
			fontSize: 8,
			margin: [0, 20, 0, 0]
		}),
		content
	};
}

export async function subjectAccessPdf(data: SubjectAccessExport): Promise<Buffer> {
	ensureFonts();
	return pdfmake.createPdf(subjectAccessDocument(data)).getBuffer();
}
