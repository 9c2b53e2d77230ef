import { formatTime } from '$lib/format';

/** Only same-site paths are followed after sign-in. */
export function safeRedirect(target: string | null): string {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
		return '/dashboard';
	}
	return target;
}

/** Keeps `redirectTo` across the sign-in steps. */
export function withRedirect(path: string, target: string | null): string {
	return target ? `${path}?redirectTo=${encodeURIComponent(safeRedirect(target))}` : path;
}

/** The same words whether or not the username exists, so a lock reveals nothing. */
export function lockedMessage(lockedUntil: number): string {
	return `Too many failed attempts. For your security, signing in with this username is locked until ${formatTime(lockedUntil)}. Try again then, or ask a coordinator to unlock it.`;
}

export function formErrors(issues: Array<{ path: PropertyKey[]; message: string }>) {
	const errors: Record<string, string> = {};
	for (const issue of issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
	return errors;
}
