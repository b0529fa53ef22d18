// npm run openapi:client: writes the typed client's types (openapi-typescript) from the API's description to
// test/openapi/api.d.ts, which the generated-client test drives the server with. The test regenerates them
// from the running server's /openapi.json and fails when they differ: run this after changing the API.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { clientTypes } from '../test/openapi/client-types.js';
import { openApiDocument } from '../src/http/openapi/document.js';

const out = resolve(import.meta.dirname, '../test/openapi/api.d.ts');
writeFileSync(out, await clientTypes(openApiDocument()));
console.log(`wrote ${out}`);
