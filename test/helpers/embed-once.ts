// Run by the model-thread test as a process of its own: makes the model ready, embeds one text unless told
// `idle`, and ends, as every CLI does; the process must exit by itself (the model thread must not hold it).
import { createLocalEmbedder } from '../../src/embedding/embedder.js';

const embedder = await createLocalEmbedder();
if (process.argv[2] !== 'idle') console.log((await embedder.embedQuery('羊毛衫缩水')).length);
else console.log('idle');
