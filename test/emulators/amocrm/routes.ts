import { catalogRoutes } from './entities/catalog';
import { complexRoutes } from './entities/complex';
import { contactRoutes } from './entities/contacts';
import { eventRoutes } from './entities/events';
import { leadRoutes } from './entities/leads';
import { linkRoutes } from './entities/links';
import { noteRoutes } from './entities/notes';
import { taskRoutes } from './entities/tasks';
import { unsortedRoutes } from './entities/unsorted';
import { webhookRoutes } from './entities/webhooks';
import { oauthRoutes } from './oauth';
import { Router } from './router';

/** Every API route. Specific paths (pipelines, complex, unsorted, notes, links) come before `/leads/:id`. */
export function buildRouter(): Router {
	const router = new Router();
	oauthRoutes(router);
	catalogRoutes(router);
	complexRoutes(router);
	unsortedRoutes(router);
	noteRoutes(router);
	linkRoutes(router);
	leadRoutes(router);
	contactRoutes(router);
	taskRoutes(router);
	webhookRoutes(router);
	eventRoutes(router);
	return router;
}
