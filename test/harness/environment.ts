// n8n-core reads its instance settings (and writes an encryption key) under N8N_USER_FOLDER at import
// time, and its DI decorators need reflect-metadata: both must be in place before n8n-core loads.
import 'reflect-metadata';

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(path.join(tmpdir(), 'sales-funnel-n8n-'));
}
process.env.N8N_LOG_LEVEL ??= 'silent';
