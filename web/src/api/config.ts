/**
 * Runtime configuration, read from /config.json before the first render so one build serves
 * the local server (same origin, empty base) and CloudFront (the API's own origin).
 */
export interface RuntimeConfig {
  apiBaseUrl: string;
}

let config: RuntimeConfig = { apiBaseUrl: '' };

export async function loadConfig(): Promise<RuntimeConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const raw = (await response.json()) as Partial<RuntimeConfig>;
  const base = typeof raw.apiBaseUrl === 'string' ? raw.apiBaseUrl.trim() : '';
  config = { apiBaseUrl: base.replace(/\/+$/, '') };
  return config;
}

export function apiUrl(path: string): string {
  return `${config.apiBaseUrl}${path}`;
}
