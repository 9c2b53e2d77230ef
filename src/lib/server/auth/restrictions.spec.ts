import { describe, expect, it } from 'vitest';
import { isIdlePoll, requiredStep } from './restrictions';
import { ROUTE_ACCESS } from './route-access';

describe('steps a signed-in person must finish first', () => {
	it('lets an unrestricted session open any route', () => {
		expect(requiredStep(null, '/(staff)/dashboard')).toBeNull();
	});

	it('sends a one-time password to the new-password step from every other staff route', () => {
		const staffRoutes = Object.entries(ROUTE_ACCESS)
			.filter(([, access]) => access.kind === 'staff')
			.map(([id]) => id);
		const open = staffRoutes.filter((id) => requiredStep('change-password', id) === null);
		expect(open.sort()).toEqual(['/(auth)/sign-in/new-password', '/(staff)/session']);
		expect(requiredStep('change-password', '/(staff)/accounts')).toBe('/sign-in/new-password');
	});

	it('sends a role that requires two-step sign-in to set it up before anything else', () => {
		expect(requiredStep('set-up-two-factor', '/(staff)/cases/[id]')).toBe('/sign-in/set-up');
		expect(requiredStep('set-up-two-factor', '/(staff)/account')).toBe('/sign-in/set-up');
		expect(requiredStep('set-up-two-factor', '/(auth)/sign-in/set-up')).toBeNull();
	});

	it('treats only a GET of /session as the idle poll (not activity)', () => {
		expect(isIdlePoll('/(staff)/session', 'GET')).toBe(true);
		expect(isIdlePoll('/(staff)/session', 'POST')).toBe(false);
		expect(isIdlePoll('/(staff)/dashboard', 'GET')).toBe(false);
	});
});
