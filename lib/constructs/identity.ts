import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { HandlerAccess } from '../../functions/http/routes.js';
import { acknowledge } from '../nag.js';

type CognitoAccess = NonNullable<HandlerAccess['cognito']>[number];

// InitiateAuth, RespondToAuthChallenge and RevokeToken are unauthenticated Cognito APIs. The
// sign-in flow signs two calls: reading the client secret at cold start, and confirming a
// temporary password with AdminInitiateAuth before it hands out a new-password challenge.
const COGNITO_ACTIONS: Record<CognitoAccess, string[]> = {
  auth: ['DescribeUserPoolClient', 'AdminInitiateAuth'],
  'admin-read': ['AdminGetUser', 'DescribeUserPool', 'DescribeUserPoolClient'],
  'admin-write': [
    'AdminCreateUser',
    'AdminSetUserPassword',
    'AdminUpdateUserAttributes',
    'AdminDisableUser',
    'AdminEnableUser',
    'AdminDeleteUser',
    'AdminUserGlobalSignOut',
    'AdminGetUser',
    'DescribeUserPoolClient',
  ],
};

/** Cognito user pool of every employee and admin account, and the backend's confidential app client. */
export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are issued by HR, never self-registered; usernames are internal account ids.
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      // Login ids are typed from a paper notice: do not make case a second secret.
      signInCaseSensitive: false,
      // NIST SP 800-63B: length, no composition rules (kagi checks a common-password list itself).
      passwordPolicy: {
        minLength: 10,
        requireLowercase: false,
        requireUppercase: false,
        requireDigits: false,
        requireSymbols: false,
        // Longer than any link validity (max 14 days): kagi expires issued passwords itself.
        tempPasswordValidity: Duration.days(30),
      },
      customAttributes: { company_id: new StringAttribute({ mutable: false, minLen: 1, maxLen: 64 }) },
      accountRecovery: AccountRecovery.NONE,
      mfa: Mfa.OFF,
      featurePlan: FeaturePlan.LITE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.userPool, 'COG1', 'Password policy follows NIST SP 800-63B: minimum length 10 and a common-password check in kagi, no composition rules.');
    acknowledge(this.userPool, 'COG2', 'MFA (TOTP) is enforced by kagi per company policy, not by Cognito, so companies that do not require it are not forced into it.');
    acknowledge(this.userPool, 'COG8', 'Plus-tier threat protection is not used: kagi limits sign-in attempts per account with backoff and a hard lock, and audits every sign-in attempt.');

    this.client = this.userPool.addClient('BackendClient', {
      // Confidential: only the backend signs in, with a secret it reads at cold start.
      generateSecret: true,
      authFlows: { userPassword: true, adminUserPassword: true },
      disableOAuth: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
    });
  }

  /** Issuer of the ID tokens the HTTP API's JWT authorizer accepts. */
  get issuerUrl(): string {
    return this.userPool.userPoolProviderUrl;
  }

  grant(grantee: IGrantable, access: readonly CognitoAccess[]): void {
    const actions = [...new Set(access.flatMap((a) => COGNITO_ACTIONS[a]))].sort();
    if (actions.length > 0) this.userPool.grant(grantee, ...actions.map((a) => `cognito-idp:${a}`));
  }
}
