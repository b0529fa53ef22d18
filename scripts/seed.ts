// npm run seed: loads the deterministic Shaoxing demo corpus (an upsert: running it twice changes nothing).
import { seedDemoCorpus } from '../src/services/seed-demo.js';
import { exitWith, progress, withEngine } from './cli.js';

withEngine(async (engine) => {
  const report = await seedDemoCorpus({ ctx: engine.ctx, onProgress: (d, t) => progress('seed: embedding resources', d, t) });
  await engine.snapshot();
  console.log(JSON.stringify({ enterprises: report.enterprises, resources: report.resources, needs: report.needs }));
}).catch((err: unknown) => exitWith('seed', err));
