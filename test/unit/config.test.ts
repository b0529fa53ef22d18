import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has zero-setup defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, seedDemo: 'auto' });
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('stops on a wrong setting with the setting named', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('reads the real server URL when given', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', PORT: '8080' })).toMatchObject({ port: 8080, databaseUrl: 'postgres://postgres@127.0.0.1:5432/x' });
  });

  it('schedules the nightly batch at 02:00 Shanghai time unless told otherwise', () => {
    expect(loadConfig({}).batch).toEqual({ cron: '0 2 * * *', tz: 'Asia/Shanghai', slack: 0.2, want: 5 });
    expect(loadConfig({ BATCH_CRON: 'off' }).batch.cron).toBeNull();
    expect(loadConfig({ BATCH_CRON: '30 1 * * 1-5', BATCH_TZ: 'UTC' }).batch).toMatchObject({ cron: '30 1 * * 1-5', tz: 'UTC' });
    expect(() => loadConfig({ BATCH_CRON: 'nightly' })).toThrow(/BATCH_CRON: must be a cron pattern/);
    expect(() => loadConfig({ BATCH_TZ: 'Mars/Olympus' })).toThrow(/BATCH_TZ: must be an IANA time zone/);
    expect(loadConfig({}).ranker).toEqual({ cron: '0 3 * * 1' });
    expect(loadConfig({ RANKER_CRON: 'off' }).ranker.cron).toBeNull();
  });
});
