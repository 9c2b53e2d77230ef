// Preloaded (`node --import`) into the servers the benchmark starts: if the benchmark itself
// is killed before it can stop them, they notice their parent has gone and stop too.
import { readFileSync } from 'node:fs';

function parentPid() {
	try {
		const match = /^PPid:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
		return match ? Number(match[1]) : process.ppid;
	} catch {
		return process.ppid;
	}
}

const parent = parentPid();
setInterval(() => {
	if (parentPid() !== parent) process.exit(1);
}, 500).unref();
