import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { ASSESSMENT_DOMAINS, RATING_STAGES, type RatingStage } from '../../shared/assessment';

export interface ChartPoint {
	domain: string;
	stage: RatingStage;
	/** 1–4, or null for N/E or not rated. */
	value: number | null;
}

const STAGE_SHORT: Record<RatingStage, string> = { baseline: 'Start', mid: 'Mid', end: 'End' };

const esc = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Change over time as small multiples: one panel a domain, ratings 1–4 at the start, mid-point
 * and end; a gap where a stage is N/E or not rated. Plain SVG (no CSS, no scripts), so the same
 * markup works on the page and in the PDF. Colour is never the only cue: each point is labelled
 * with its number.
 */
export function changeChartSvg(points: ChartPoint[]): string {
	const cols = 4;
	const panelW = 128;
	const panelH = 86;
	const gap = 8;
	const width = cols * panelW + (cols - 1) * gap;
	const rows = Math.ceil(ASSESSMENT_DOMAINS.length / cols);
	const height = rows * panelH + (rows - 1) * gap;
	const inner = { left: 16, right: 12, top: 20, bottom: 16 };
	const x = scalePoint<RatingStage>()
		.domain([...RATING_STAGES])
		.range([inner.left, panelW - inner.right]);
	const y = scaleLinear()
		.domain([1, 4])
		.range([panelH - inner.bottom, inner.top + 4]);
	const path = line<{ stage: RatingStage; value: number | null }>()
		.defined((d) => d.value !== null)
		.x((d) => x(d.stage) ?? 0)
		.y((d) => y(d.value ?? 1));

	const parts: string[] = [];
	ASSESSMENT_DOMAINS.forEach((domain, i) => {
		const ox = (i % cols) * (panelW + gap);
		const oy = Math.floor(i / cols) * (panelH + gap);
		const series = RATING_STAGES.map((stage) => ({
			stage,
			value: points.find((p) => p.domain === domain.id && p.stage === stage)?.value ?? null
		}));
		const g: string[] = [];
		g.push(
			`<rect x="0" y="0" width="${panelW}" height="${panelH}" fill="#ffffff" stroke="#d6d0c4" stroke-width="1"/>`
		);
		g.push(
			`<text x="6" y="13" font-family="Helvetica" font-size="9" font-weight="bold" fill="#2b2620">${domain.id}${domain.critical ? ' *' : ''}</text>`
		);
		for (const v of [1, 2, 3, 4]) {
			g.push(
				`<line x1="${inner.left}" x2="${panelW - inner.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ece7dd" stroke-width="0.75"/>`,
				`<text x="4" y="${y(v) + 3}" font-family="Helvetica" font-size="6.5" fill="#6b6358">${v}</text>`
			);
		}
		for (const stage of RATING_STAGES) {
			g.push(
				`<text x="${x(stage)}" y="${panelH - 4}" font-family="Helvetica" font-size="6.5" fill="#6b6358" text-anchor="middle">${STAGE_SHORT[stage]}</text>`
			);
		}
		const d = path(series);
		if (d) g.push(`<path d="${d}" fill="none" stroke="#0f5e63" stroke-width="1.75"/>`);
		for (const p of series) {
			const px = x(p.stage) ?? 0;
			if (p.value === null) {
				g.push(
					`<text x="${px}" y="${y(2.5)}" font-family="Helvetica" font-size="6.5" fill="#6b6358" text-anchor="middle">N/E</text>`
				);
			} else {
				g.push(
					`<circle cx="${px}" cy="${y(p.value)}" r="3" fill="#0f5e63"/>`,
					`<text x="${px + 5}" y="${y(p.value) - 4}" font-family="Helvetica" font-size="7" fill="#2b2620">${p.value}</text>`
				);
			}
		}
		parts.push(`<g transform="translate(${ox},${oy})">${g.join('')}</g>`);
	});
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc('Ratings for each domain at the start, mid-point and end of the programme; the table that follows gives the same figures')}">${parts.join('')}</svg>`;
}
