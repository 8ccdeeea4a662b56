// Where the API is. One build serves every stage: at run time the app reads `config.json` beside
// index.html (written per stage at upload, or by the local server); without it, the build-time
// VITE_API_BASE_URL; without that, the local default.

export interface WebConfig {
  apiBaseUrl: string;
}

export const DEFAULT_API_BASE_URL = 'http://127.0.0.1:3000';

function asBaseUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.toString().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

export interface LoadConfigOptions {
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** import.meta.env.VITE_API_BASE_URL */
  buildTimeApiBaseUrl?: string | undefined;
  configUrl?: string;
}

export async function loadConfig(options: LoadConfigOptions): Promise<WebConfig> {
  const fallback = asBaseUrl(options.buildTimeApiBaseUrl) ?? DEFAULT_API_BASE_URL;
  try {
    const response = await options.fetch(options.configUrl ?? '/config.json', { cache: 'no-store' });
    // A dev server or an SPA fallback answers index.html here: anything but JSON means "no config".
    if (!response.ok) return { apiBaseUrl: fallback };
    const body: unknown = await response.json();
    const apiBaseUrl =
      typeof body === 'object' && body !== null
        ? asBaseUrl((body as Record<string, unknown>).apiBaseUrl)
        : undefined;
    return { apiBaseUrl: apiBaseUrl ?? fallback };
  } catch {
    return { apiBaseUrl: fallback };
  }
}
