export interface Summary {
	count: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

/** Count, nearest-rank percentiles and maximum of unsorted samples (NaN when there are none). */
export function summarise(samples: number[]): Summary {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (p: number) =>
		sorted.length === 0
			? NaN
			: sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
	return {
		count: sorted.length,
		p50: at(50),
		p95: at(95),
		p99: at(99),
		max: sorted.length ? sorted[sorted.length - 1]! : NaN
	};
}

export const ms = (value: number) =>
	Number.isNaN(value) ? '—' : value < 10 ? value.toFixed(2) : value.toFixed(1);

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
