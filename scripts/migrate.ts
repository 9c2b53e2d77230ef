// Applies pending database migrations to DATABASE_PATH (default ./data/circlework.db).
import { getConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/connection';
import { applyMigrations } from '../src/lib/server/db/migrate';

const { databasePath } = getConfig();
const db = openDatabase(databasePath);
const result = applyMigrations(db);
const count = (db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n;
db.close();
console.log(`Database ${databasePath}: ${count} migration(s) applied in total, schema up to date.`);
if (result.applied.length > 0) {
	// openDatabase applies migrations itself, so this normally stays empty.
	for (const m of result.applied) console.log(`  applied ${m.id} ${m.name}`);
}
