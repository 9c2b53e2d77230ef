/**
 * Where the end-to-end server listens and which database file it uses. E2E_PORT lets two
 * checkouts run their suites side by side; each port gets its own database file.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATABASE = E2E_PORT === 3100 ? './data/e2e.db' : `./data/e2e-${E2E_PORT}.db`;
export const BASE_URL = `http://localhost:${E2E_PORT}`;
