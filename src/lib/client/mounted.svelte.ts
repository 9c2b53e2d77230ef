import { onMount } from 'svelte';

/**
 * Whether the component's script runs in the browser yet. Call it while the component is
 * set up. A button that works only from script (opening a menu or a dialog) is disabled
 * until then, so on a slow connection it shows as not ready instead of doing nothing.
 */
export function mounted(): { readonly current: boolean } {
	let current = $state(false);
	onMount(() => {
		current = true;
	});
	return {
		get current() {
			return current;
		}
	};
}
