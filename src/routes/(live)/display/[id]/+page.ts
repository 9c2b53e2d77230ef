import type { PageLoad } from './$types';

// The projector page holds nothing itself; it shows what the socket sends once its key is checked.
export const load: PageLoad = ({ params }) => ({ liveSessionId: params.id });
