/**
 * The routes the production app registers, as `METHOD /documented/{path}`: built with the real
 * route modules and no database (registering a route touches none), for check-openapi.mjs.
 */
import { configFromEnv } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import type { AppContext } from '../src/http/context.js';
import { documentedRoutes } from '../src/http/openapi.js';

export { documentedRoutes };

export async function servedRoutes(): Promise<string[]> {
  const config = configFromEnv({
    CONV_ADMIN_SECRET: 'route-table-only-secret',
    CONV_JWT_SECRET: 'route-table-only-secret-of-32-characters',
    CONV_LOG_LEVEL: 'silent',
  });
  const served: string[] = [];
  const app = buildApp({ config } as AppContext);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // HEAD is Fastify's automatic twin of GET; OPTIONS is the CORS preflight.
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      served.push(`${method} ${route.url.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    }
  });
  await app.ready();
  await app.close();
  return served;
}
