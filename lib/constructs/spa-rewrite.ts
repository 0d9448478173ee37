/**
 * CloudFront Function (viewer request) for the single-page app: a path without a file extension
 * is a client-side route, so it is served index.html. Unlike 403/404 error responses this touches
 * only the site behavior, so the API's own 403 and 404 answers reach the browser unchanged.
 * Kept as plain ES5 source: it runs in the cloudfront-js-2.0 runtime, and tests evaluate it.
 */
export const SPA_REWRITE_SOURCE = `
function handler(event) {
  var request = event.request;
  var lastSegment = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}
`;
