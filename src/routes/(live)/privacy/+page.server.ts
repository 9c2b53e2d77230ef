import { noticePeriods } from '$lib/server/privacy/retention';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	return noticePeriods(getServices().config.retention);
};
