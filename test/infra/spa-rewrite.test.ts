import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SPA_REWRITE_SOURCE } from '../../lib/constructs/spa-rewrite.js';

// The CloudFront Function source, evaluated as CloudFront would call it.
const handler = new Function(`${SPA_REWRITE_SOURCE}; return handler;`)() as (event: { request: { uri: string } }) => { uri: string };
const served = (uri: string) => handler({ request: { uri } }).uri;

describe('SPA rewrite (CloudFront viewer request)', () => {
  it('serves index.html for client-side routes', () => {
    expect(served('/')).toBe('/index.html');
    expect(served('/admin/employees')).toBe('/index.html');
    expect(served('/admin/employees/emp-0001/')).toBe('/index.html');
  });

  it('serves the employee verify page for the link of a request mail (the token has no dot)', () => {
    for (let i = 0; i < 50; i++) expect(served(`/verify/${randomBytes(32).toString('base64url')}`)).toBe('/index.html');
    // /verify?token=…: CloudFront passes the query string apart from the URI.
    expect(served('/verify')).toBe('/index.html');
  });

  it('leaves files alone, so a missing asset still fails instead of returning HTML', () => {
    expect(served('/assets/index-3oyRM8EX.js')).toBe('/assets/index-3oyRM8EX.js');
    expect(served('/config.json')).toBe('/config.json');
    expect(served('/favicon.ico')).toBe('/favicon.ico');
  });
});
