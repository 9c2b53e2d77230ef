// Deletes what has passed its retention period now, as the server does daily, and prints
// what it did (counts only; the record ids are in the audit log).
import { getConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/connection';
import { createServices } from '../src/lib/server/services';

const config = getConfig();
const db = openDatabase(config.databasePath);
try {
	const report = createServices(db, config).retention.run();
	console.log(
		[
			`Retention run on ${config.databasePath}:`,
			`  closed records deleted: ${report.casesDeleted.length}`,
			`  closed records kept (still needed by another record): ${report.casesKept.length}`,
			`  live sessions cleared: ${report.liveSessionsCleared.length} (${report.answersDeleted} answers, ${report.reflectionsDeleted} reflections)`,
			`  staff sign-in sessions deleted: ${report.staffSessionsDeleted}`,
			`  sign-in failure records deleted: ${report.signInFailuresDeleted}`,
			'The audit log lists the record ids.'
		].join('\n')
	);
} finally {
	db.close();
}
