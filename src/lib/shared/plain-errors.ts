import { z } from 'zod';

/**
 * Plain-English messages for every zod check that has no message of its own, so no form
 * or socket reply ever shows "Invalid input: expected string, received undefined". A
 * schema's own message always wins; this only fills the gaps. Importing this module
 * installs it (zod's global configuration), once per process or page.
 */
export function plainMessage(issue: z.core.$ZodRawIssue): string {
	switch (issue.code) {
		case 'invalid_type':
			if (issue.input === undefined || issue.input === null) return 'This is required. Fill it in.';
			if (issue.expected === 'number' || issue.expected === 'int')
				return issue.expected === 'int' ? 'Enter a whole number.' : 'Enter a number.';
			return 'This is not in the form we expected. Check it and try again.';
		case 'too_small': {
			const min = Number(issue.minimum);
			if (issue.origin === 'string')
				return min <= 1 ? 'This is required. Fill it in.' : `Use at least ${min} characters.`;
			if (issue.origin === 'array' || issue.origin === 'set')
				return min <= 1 ? 'Choose at least one.' : `Choose at least ${min}.`;
			if (Math.abs(min) > 1e12) return 'Enter a smaller number.';
			return `Enter ${min} or more.`;
		}
		case 'too_big': {
			const max = Number(issue.maximum);
			if (issue.origin === 'string') return `Use ${max} characters or fewer.`;
			if (issue.origin === 'array' || issue.origin === 'set') return `Choose no more than ${max}.`;
			if (Math.abs(max) > 1e12) return 'Enter a smaller number.';
			return `Enter ${max} or less.`;
		}
		case 'invalid_value':
			return 'Choose one of the options given.';
		case 'invalid_format':
			return 'This is not in the right format. Check it and try again.';
		case 'not_multiple_of':
			return 'Enter a whole number.';
		case 'unrecognized_keys':
			return 'This has fields we do not recognise. Reload the page and try again.';
		case 'invalid_union':
			return 'This is not one of the things we expected. Check it and try again.';
		default:
			return 'This is not valid. Check it and try again.';
	}
}

z.config({ customError: (issue) => plainMessage(issue) });
