import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces';
import type { Block, ReportModel } from './report-model';

const TEAL = '#0f5e63';
const INK = '#2b2620';
const MUTED = '#5c554b';
const RULE = '#d6d0c4';

const STANDARD_FONTS = new Set([
	'Helvetica',
	'Helvetica-Bold',
	'Helvetica-Oblique',
	'Helvetica-BoldOblique'
]);

let fontsReady = false;
function ready(): void {
	if (fontsReady) return;
	// The standard 14 PDF fonts: nothing is read from the system or the network.
	pdfmake.setFonts({
		Helvetica: {
			normal: 'Helvetica',
			bold: 'Helvetica-Bold',
			italics: 'Helvetica-Oblique',
			bolditalics: 'Helvetica-BoldOblique'
		}
	});
	pdfmake.setUrlAccessPolicy(() => false);
	// pdfmake asks about every font by name; allow the built-in ones and no files at all.
	pdfmake.setLocalAccessPolicy((path) => STANDARD_FONTS.has(path));
	fontsReady = true;
}

const grid = {
	hLineWidth: () => 0.5,
	vLineWidth: () => 0.5,
	hLineColor: () => RULE,
	vLineColor: () => RULE,
	paddingLeft: () => 5,
	paddingRight: () => 5,
	paddingTop: () => 3,
	paddingBottom: () => 3
};

function label(l: 'Fact' | 'Opinion' | undefined): Content[] {
	return l
		? [
				{
					text: `${l.toUpperCase()}  `,
					bold: true,
					color: l === 'Fact' ? TEAL : '#7a4b12',
					fontSize: 8
				}
			]
		: [];
}

function block(b: Block): Content {
	switch (b.kind) {
		case 'para':
			return {
				text: [
					...label(b.label),
					{ text: b.text, italics: b.empty ?? false, color: b.empty ? MUTED : INK }
				],
				margin: [0, 0, 0, 8]
			} as Content;
		case 'facts':
			return {
				table: {
					widths: [130, '*'],
					body: b.rows.map((r) => [{ text: r.label, bold: true, color: MUTED }, { text: r.value }])
				},
				layout: grid,
				margin: [0, 0, 0, 8]
			};
		case 'list':
			return { ul: b.items, margin: [0, 0, 0, 8], fontSize: 9.5 };
		case 'chart':
			return {
				stack: [
					{ svg: b.svg, width: 500, alignment: 'center' },
					{ text: b.caption, fontSize: 8.5, color: MUTED, margin: [0, 4, 0, 0] }
				],
				margin: [0, 0, 0, 10],
				unbreakable: true
			};
		case 'table': {
			const head: TableCell[] = b.head.map((h) => ({
				text: h,
				bold: true,
				color: '#ffffff',
				fillColor: TEAL
			}));
			const body: TableCell[][] = [head, ...b.rows.map((r) => r.map((cell) => ({ text: cell })))];
			if (b.foot)
				body.push(b.foot.map((cell) => ({ text: cell, bold: true, fillColor: '#f3efe7' })));
			if (b.rows.length === 0) {
				body.push(
					b.head.map((_, i) => ({ text: i === 0 ? 'None' : '', italics: true, color: MUTED }))
				);
			}
			return {
				stack: [
					{ text: b.caption, bold: true, fontSize: 9.5, margin: [0, 0, 0, 3] },
					{
						table: {
							headerRows: 1,
							dontBreakRows: true,
							widths: b.head.map((_, i) => (i === 0 && b.head.length > 3 ? 'auto' : '*')),
							body
						},
						layout: grid,
						fontSize: 8.5
					}
				],
				margin: [0, 0, 0, 10]
			};
		}
		case 'domain': {
			const d = b.domain;
			const parts: Content[] = [
				{
					text: `${d.id} ${d.title}${d.critical ? ' (critical domain)' : ''}`,
					style: 'h3'
				},
				{ text: d.change, color: MUTED, margin: [0, 0, 0, 4] }
			];
			if (d.ratings.length > 0) {
				parts.push({
					table: {
						headerRows: 1,
						dontBreakRows: true,
						widths: [80, 90, 55, 70, '*'],
						body: [
							['Stage', 'Rating', 'Trajectory', 'Confidence', 'Interpretation (opinion)'].map(
								(h) => ({
									text: h,
									bold: true,
									fillColor: '#f3efe7'
								})
							),
							...d.ratings.map((r) => [
								r.stage,
								r.rating,
								r.trajectory,
								r.confidence,
								`${r.rationale || '–'} (${r.by}, ${r.on})`
							])
						]
					},
					layout: grid,
					fontSize: 8.5,
					margin: [0, 0, 0, 5]
				});
			}
			parts.push(
				d.evidence.length > 0
					? {
							stack: d.evidence.map((e) => ({
								text: [
									{ text: `${e.on} · ${e.source} · `, color: MUTED },
									{
										text: e.kind.toUpperCase(),
										bold: true,
										color: e.kind === 'Fact' ? TEAL : '#7a4b12'
									},
									{ text: '  ' },
									e.quotation
										? { text: `Her words: “${e.text}”`, italics: true }
										: { text: e.text },
									{ text: ` (${e.by})`, color: MUTED }
								],
								margin: [0, 0, 0, 3]
							})),
							fontSize: 9
						}
					: {
							text: 'No evidence recorded for this domain.',
							italics: true,
							color: MUTED,
							fontSize: 9
						}
			);
			return { stack: parts, margin: [0, 0, 0, 10] };
		}
	}
}

/** The document definition for a report model (exported for tests). */
export function reportDefinition(model: ReportModel): TDocumentDefinitions {
	const content: Content[] = [
		{ text: model.confidentialLine, bold: true, color: '#8a1c1c', margin: [0, 0, 0, 6] },
		{ text: model.title, style: 'title' },
		{ text: 'Breaking the Cycle groupwork programme', color: MUTED, margin: [0, 0, 0, 12] },
		{
			table: {
				widths: [130, '*'],
				body: model.front.map((r) => [
					{ text: r.label, bold: true, color: MUTED },
					{ text: r.value }
				])
			},
			layout: grid,
			margin: [0, 0, 0, 10]
		}
	];
	if (model.deadline) {
		content.push({
			text: [{ text: 'Deadline  ', bold: true }, model.deadline.text],
			margin: [0, 0, 0, 10]
		});
	}
	model.sections.forEach((s, i) => {
		content.push({
			text: s.heading,
			style: 'h2',
			pageBreak: i === 0 || s.id === 'domains' ? 'before' : undefined
		});
		content.push(...s.blocks.map(block));
	});

	return {
		pageSize: 'A4',
		pageMargins: [48, 56, 48, 48],
		info: { title: `Report ${model.initials} v${model.version}`, subject: 'Confidential' },
		defaultStyle: { font: 'Helvetica', fontSize: 10, lineHeight: 1.2, color: INK },
		styles: {
			title: { fontSize: 20, bold: true, color: TEAL, margin: [0, 0, 0, 2] },
			h2: { fontSize: 13.5, bold: true, color: TEAL, margin: [0, 10, 0, 6] },
			h3: { fontSize: 11, bold: true, margin: [0, 4, 0, 2] }
		},
		header: () => ({
			columns: [
				{ text: `${model.initials} · Confidential`, bold: true },
				{
					text: `Version ${model.version} · ${model.statusLabel}`,
					alignment: 'right',
					color: MUTED
				}
			],
			fontSize: 8.5,
			margin: [48, 24, 48, 0]
		}),
		footer: (page: number, pages: number) => ({
			columns: [
				{ text: 'Confidential: not to be shared beyond the distribution list', color: MUTED },
				{ text: `Page ${page} of ${pages}`, alignment: 'right' }
			],
			fontSize: 8.5,
			margin: [48, 16, 48, 0]
		}),
		content
	};
}

/** The report as a PDF, generated on the server with pdfmake. */
export async function renderReportPdf(model: ReportModel): Promise<Buffer> {
	ready();
	const doc = pdfmake.createPdf(reportDefinition(model));
	return (await doc.getBuffer()) as Buffer;
}
