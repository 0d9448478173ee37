import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

export const lambdaContext = { awsRequestId: 'req-1', functionName: 'test', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

/** An HTTP API event as API Gateway hands it to a function. */
export function apiEvent(routeKey: string, init: Partial<APIGatewayProxyEventV2> = {}, sourceIp = '198.51.100.1'): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey,
    rawPath: '/',
    rawQueryString: '',
    isBase64Encoded: false,
    requestContext: { http: { method: routeKey.split(' ')[0], path: '/', sourceIp } },
    headers: {},
    ...init,
  } as APIGatewayProxyEventV2;
}
