import { Fn } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HANDLERS, ROUTES, type HandlerName } from '../../functions/http/routes.js';
import { acknowledge } from '../nag.js';
import { httpEntry } from '../paths.js';
import type { Identity } from './identity.js';
import { KagiFunction, type FunctionResources } from './kagi-function.js';

export interface ApiProps {
  readonly identity: Identity;
}

// HTTP API context variables (not the REST API set).
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
};

/**
 * The HTTP API: one route per entry of ROUTES, one function per handler module, and a Cognito JWT
 * authorizer (ID tokens of the backend client) on every `jwt` route. Built in two steps because
 * the functions need the site's URL, and the site (CloudFront) needs this API's domain first.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  private readonly authorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', { apiName: 'kagi', createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // Only a ceiling on the whole API: fairness between clients and companies is kept by the
      // per-address and per-company throttle in the functions and the WAF in front of CloudFront.
      throttle: { rateLimit: 500, burstLimit: 1000 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    this.authorizer = new HttpJwtAuthorizer('CognitoIdToken', props.identity.issuerUrl, {
      jwtAudience: [props.identity.client.userPoolClientId],
    });
  }

  /** Host name of the execute-api endpoint, for the CloudFront origin. */
  get domainName(): string {
    return Fn.parseDomainName(this.httpApi.apiEndpoint);
  }

  get url(): string {
    return this.stage.url;
  }

  /** Creates a function per handler module and a route per entry of ROUTES. */
  addRoutes(resources: FunctionResources): Record<HandlerName, KagiFunction> {
    const handlers = {} as Record<HandlerName, KagiFunction>;
    const integrations = {} as Record<HandlerName, HttpLambdaIntegration>;
    for (const name of Object.keys(HANDLERS) as HandlerName[]) {
      const fn = new KagiFunction(this, `Handler-${name}`, {
        entry: httpEntry(name),
        kind: 'http',
        access: HANDLERS[name],
        resources,
      });
      handlers[name] = fn;
      integrations[name] = new HttpLambdaIntegration(`Integration-${name}`, fn.function);
    }

    for (const route of ROUTES) {
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations[route.handler],
        authorizer: route.auth === 'jwt' ? this.authorizer : undefined,
      });
      if (route.auth === 'none' && created) {
        acknowledge(
          created,
          'APIG4',
          'Deliberately public: health check and the sign-in endpoints that issue the tokens; they take no tenant data from a token.',
        );
      }
    }
    return handlers;
  }
}
