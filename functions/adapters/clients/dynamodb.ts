import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { optionalEnv } from '../../shared/env.js';
import { countCallsOf } from '../call-counter.js';
import { endpointOptions } from './endpoint.js';

let documentClient: DynamoDBDocumentClient | undefined;
/** The DynamoDB document client, built once per process. */
export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(countCallsOf(new DynamoDBClient(endpointOptions(optionalEnv('dynamodbEndpoint'))), 'DynamoDB'), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}
