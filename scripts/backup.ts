// Takes an online backup of DATABASE_PATH into ./backups/ (or BACKUP_DIR), safe while the
// server runs. Restoring is described in README.md ("Backup and restore").
import { getConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/connection';
import { backupDatabase } from '../src/lib/server/db/backup';

const { databasePath } = getConfig();
const folder = process.env.BACKUP_DIR || './backups';
const db = openDatabase(databasePath);
try {
	const path = await backupDatabase(db, folder);
	console.log(`Backup written to ${path}`);
} finally {
	db.close();
}
