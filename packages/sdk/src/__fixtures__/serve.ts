/**
 * Runs the real grants server for the tests in its own process (started by
 * global-setup.ts): prints `{ url, secret }` as one JSON line, stops on SIGTERM or when
 * its parent closes stdin.
 */
import { startGrantsServer } from './server.ts';

const server = await startGrantsServer();
process.stdout.write(`${JSON.stringify({ url: server.url, secret: server.secret })}\n`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.stdin.on('close', stop);
process.stdin.resume();
