import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as audit from './audit';
import * as cases from './cases';
import * as exercises from './exercises';
import * as live from './live';

/**
 * Property-based fuzzing of every input schema the forms and sockets use: whatever comes
 * in, parsing never throws, and a refusal always carries a plain-English message (never
 * zod's own "Invalid input: expected string, received undefined").
 */
const JARGON = /invalid input|expected .*received|too (big|small):|invalid option|nan\b|\bint\b/i;

function schemasOf(module: Record<string, unknown>): Array<[string, z.ZodType]> {
	return Object.entries(module).filter(
		(entry): entry is [string, z.ZodType] =>
			entry[0].endsWith('Schema') &&
			typeof (entry[1] as { safeParse?: unknown })?.safeParse === 'function'
	);
}

const SCHEMAS = [audit, cases, exercises, live].flatMap((m) => schemasOf(m));

/** The keys a schema reads, so the fuzzer also makes nearly-right objects. */
function keysOf(schema: z.ZodType): string[] {
	const def = (schema as unknown as { def?: { shape?: object; in?: { def?: { shape?: object } } } })
		.def;
	const shape = def?.shape ?? def?.in?.def?.shape;
	return shape ? Object.keys(shape) : [];
}

/** Form posts deliver strings; sockets deliver any JSON. Both, and near-misses of each. */
function inputs(keys: string[]) {
	const value = fc.oneof(
		fc.string({ maxLength: 40 }),
		fc.constantFrom('', ' ', '0', '-1', '1e400', 'NaN', 'true', '2026-02-30', '25:99', '<script>'),
		fc.integer(),
		fc.double(),
		fc.boolean(),
		fc.constant(null),
		fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
		fc.object({ maxDepth: 1 })
	);
	return fc.oneof(
		fc.anything({ maxDepth: 2 }),
		keys.length
			? fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length })
			: fc.constant({}),
		fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 4 })
	);
}

describe('input schemas under fuzzing', () => {
	it('finds every shared input schema', () => {
		expect(SCHEMAS.map(([name]) => name)).toEqual(
			expect.arrayContaining([
				'auditFilterSchema',
				'referralSchema',
				'consentSchema',
				'assessmentSchema',
				'groupSchema',
				'attendanceSchema',
				'catchupSchema',
				'mentorContactSchema',
				'rescheduleSchema',
				'liveCommandSchema',
				'submitAnswerSchema',
				'assessmentNoteInputSchema'
			])
		);
	});

	for (const [name, schema] of SCHEMAS) {
		it(`${name}: never throws, and refuses in plain English`, () => {
			fc.assert(
				fc.property(inputs(keysOf(schema)), (input) => {
					const result = schema.safeParse(input);
					if (result.success) return;
					expect(result.error.issues.length).toBeGreaterThan(0);
					for (const issue of result.error.issues) {
						expect(issue.message.trim().length).toBeGreaterThan(3);
						expect(issue.message).not.toMatch(JARGON);
					}
				}),
				{ numRuns: 150, seed: 20261124 }
			);
		});
	}
});
