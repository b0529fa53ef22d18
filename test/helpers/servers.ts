// Private servers for tests that stop and restart them, recorded in the run's registry like every process a test
// starts (see processes.ts), so that none outlives the run.
import { PrivatePostgres, PrivateRedis } from '../../scripts/lib/servers.js';
import { track } from './processes.js';

export { PrivatePostgres, PrivateRedis };

export const startPrivateRedis = (): Promise<PrivateRedis> => PrivateRedis.start(track);
export const startPrivatePostgres = (): Promise<PrivatePostgres> => PrivatePostgres.start(track);
