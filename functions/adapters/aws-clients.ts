/**
 * Every SDK client, for bin/ and test/ only. Function code imports the one module of the client it
 * uses (./clients/*): a bundle keeps the import of every SDK package its modules name, used or not,
 * and the runtime loads each one at a cold start (the infra test on bundles checks this).
 */
export { cognito, jobCognito } from './clients/cognito.js';
export { dynamo } from './clients/dynamodb.js';
export { s3 } from './clients/s3.js';
export { secretsManager } from './clients/secrets.js';
export { ses } from './clients/ses.js';
export { sqs } from './clients/sqs.js';
