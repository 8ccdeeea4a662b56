// The gateway's route table: the routes a packaged template declares, and which of them answers a
// request, matched as API Gateway v2 matches.
import type { CfnTemplate } from '../provisioning/template.ts';

/** One HTTP API route, e.g. `GET /products/{productId}`, served by a service's offline port. */
export interface GatewayRoute {
  method: string;
  path: string;
  service: string;
  port: number;
}

/** Splits an API Gateway v2 route key into method and path; `$default` matches everything. */
export function parseRouteKey(routeKey: string): { method: string; path: string } {
  if (routeKey === '$default') return { method: 'ANY', path: '/{proxy+}' };
  const [method, path] = routeKey.trim().split(/\s+/, 2);
  if (!method || !path?.startsWith('/')) throw new Error(`unsupported route key "${routeKey}"`);
  return { method: method.toUpperCase(), path };
}

type Match = { route: GatewayRoute } | { allowed: string[] } | undefined;

/** Finds the route for a request the way API Gateway does: most specific path, then method. */
export function matchRoute(routes: GatewayRoute[], method: string, pathname: string): Match {
  const segments = pathname.split('/').filter(Boolean);
  const candidates = routes
    .map((route) => ({ route, score: pathScore(route.path, segments) }))
    .filter(
      (candidate): candidate is { route: GatewayRoute; score: number } => candidate.score !== undefined,
    );
  if (candidates.length === 0) return undefined;
  const best = Math.max(...candidates.map((candidate) => candidate.score));
  const onPath = candidates
    .filter((candidate) => candidate.score === best)
    .map((candidate) => candidate.route);
  const route =
    onPath.find((candidate) => candidate.method === method.toUpperCase()) ??
    onPath.find((candidate) => candidate.method === 'ANY');
  if (route) return { route };
  // A more general path (say a greedy one) may still take this method.
  const fallback = candidates
    .filter(
      (candidate) => candidate.route.method === method.toUpperCase() || candidate.route.method === 'ANY',
    )
    .sort((a, b) => b.score - a.score)[0];
  if (fallback) return { route: fallback.route };
  return { allowed: [...new Set(onPath.map((candidate) => candidate.method))].sort() };
}

/** How well a route path matches: literal segments weigh most, greedy ones least; undefined = no match. */
function pathScore(path: string, segments: string[]): number | undefined {
  const pattern = path.split('/').filter(Boolean);
  let score = 0;
  for (const [index, part] of pattern.entries()) {
    if (/^\{[^}]+\+\}$/.test(part)) return index < segments.length ? score : undefined;
    const segment = segments[index];
    if (segment === undefined) return undefined;
    if (/^\{[^}]+\}$/.test(part)) score += 1;
    else if (part === segment) score += 100;
    else return undefined;
  }
  return pattern.length === segments.length ? score + 1000 : undefined;
}

/** HTTP routes of a template, e.g. `GET /products/{productId}`, from its ApiGatewayV2 routes. */
export function routeKeys(template: CfnTemplate): string[] {
  return Object.values(template.Resources ?? {})
    .filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')
    .map((resource) => resource.Properties?.RouteKey)
    .filter((key): key is string => typeof key === 'string');
}
