// Run by the model-thread test as a process of its own: embeds one text and ends, as every CLI does; the process
// must exit by itself when its work is done (the model thread must not hold it).
import { createLocalEmbedder } from '../../src/embedding/embedder.js';

const embedder = await createLocalEmbedder();
console.log((await embedder.embedQuery('羊毛衫缩水')).length);
