import type { FastifyInstance } from 'fastify';
import type { Database } from './platform/db/client';

/**
 * How long a stopping server waits for requests still being answered before it cuts their connections: a
 * client that stops sending half-way through a request body would otherwise hold the close open forever
 * (a server sent SIGTERM was found still running an hour later).
 */
const SHUTDOWN_GRACE_MS = 2_000;
/** After this the process exits whatever is still pending (a job, a query, a stuck connection to the database). */
export const SHUTDOWN_LIMIT_MS = 5_000;

/**
 * On SIGTERM or SIGINT: stop taking requests, end the event streams, stop the job runner and the table
 * maintenance between statements (preClose hooks), give answers in progress SHUTDOWN_GRACE_MS, then close
 * the database and exit 0 — or exit 1 at SHUTDOWN_LIMIT_MS whatever is pending. A second signal exits at once.
 */
export function exitOnSignals(app: FastifyInstance, database: Database): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Both timers are unref'd: they bound the shutdown without being a reason to stay alive.
    setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    setTimeout(() => {
      app.log.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown did not finish in time: exiting anyway');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    app
      .close()
      .then(() => database.close())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          app.log.error({ err: e }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
