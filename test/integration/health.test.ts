import { describe, expect, it } from 'vitest';
import { api } from '../support/api.js';

describe('health', () => {
  it('answers ok when every stand-in answers', async () => {
    const res = await api().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('serves the runtime config beside the site', async () => {
    const res = await api().get('/config.json');
    expect(res.status).toBe(200);
    expect(res.body).toHaveProperty('apiBaseUrl');
  });
});
