import { createHmac, randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserPasswordCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  InvalidPasswordException,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  UserNotFoundException,
  UsernameExistsException,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { PasswordRejected, type AuthOutcome, type IdentityProvider, type Tokens } from '../../core/auth/service.js';
import type { AccountIdentity } from '../../core/employees/service.js';
import { requireEnv } from '../../shared/env.js';
import { cognito } from '../clients/cognito.js';
import type { CognitoCategory, CognitoPace } from './quota.js';

/** The custom attribute that ties a Cognito user to its company; it ends up in the ID token. */
export const COMPANY_ATTRIBUTE = 'custom:company_id';

const REJECTIONS = new Set([
  'NotAuthorizedException',
  'InvalidPasswordException',
  'UserNotFoundException',
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
  'CodeMismatchException',
  'ExpiredCodeException',
]);
const isRejection = (e: unknown) => e instanceof Error && REJECTIONS.has(e.name);

interface PoolConfig {
  userPoolId: string;
  clientId: string;
  clientSecret: string;
}

let config: Promise<PoolConfig> | undefined;

/**
 * The app client's secret is read from Cognito once per process rather than passed in the
 * environment, so it never sits in a template, a console or a log.
 */
function poolConfig(): Promise<PoolConfig> {
  config ??= (async () => {
    const userPoolId = requireEnv('userPoolId');
    const clientId = requireEnv('userPoolClientId');
    const out = await cognito().send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));
    const clientSecret = out.UserPoolClient?.ClientSecret;
    if (!clientSecret) throw new Error('The user pool client has no secret');
    return { userPoolId, clientId, clientSecret };
  })();
  config.catch(() => (config = undefined));
  return config;
}

const secretHash = (c: PoolConfig, username: string) => createHmac('sha256', c.clientSecret).update(username + c.clientId).digest('base64');

function tokensOf(result: AuthenticationResultType): Tokens {
  return {
    idToken: result.IdToken ?? '',
    accessToken: result.AccessToken ?? '',
    refreshToken: result.RefreshToken,
    expiresIn: result.ExpiresIn ?? 3600,
  };
}

function outcomeOf(out: { AuthenticationResult?: AuthenticationResultType; ChallengeName?: string; Session?: string }): AuthOutcome {
  if (out.AuthenticationResult) return { kind: 'tokens', tokens: tokensOf(out.AuthenticationResult) };
  if (out.ChallengeName === 'NEW_PASSWORD_REQUIRED' && out.Session) return { kind: 'new-password', session: out.Session };
  return { kind: 'rejected' };
}

/** Claims of a token that came straight from Cognito over TLS (no signature check needed here). */
function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function createIdentityProvider(): IdentityProvider {
  return {
    async passwordAuth(username, password) {
      const c = await poolConfig();
      try {
        const out = await cognito().send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: c.clientId,
            AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: secretHash(c, username) },
          }),
        );
        const outcome = outcomeOf(out);
        if (outcome.kind === 'new-password') {
          // A new-password challenge is handed out only for a verified password. Cognito checks
          // it before answering; cognito-local does not, so the check is made here explicitly.
          await cognito().send(
            new AdminInitiateAuthCommand({
              AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
              UserPoolId: c.userPoolId,
              ClientId: c.clientId,
              AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: secretHash(c, username) },
            }),
          );
        }
        return outcome;
      } catch (e) {
        if (isRejection(e)) return { kind: 'rejected' };
        throw e;
      }
    },

    async respondNewPassword(username, session, newPassword) {
      const c = await poolConfig();
      try {
        const out = await cognito().send(
          new RespondToAuthChallengeCommand({
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            ClientId: c.clientId,
            Session: session,
            ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword, SECRET_HASH: secretHash(c, username) },
          }),
        );
        return outcomeOf(out);
      } catch (e) {
        if (e instanceof InvalidPasswordException) throw new PasswordRejected(e.message);
        if (isRejection(e)) return { kind: 'rejected' };
        throw e;
      }
    },

    async refresh(username, refreshToken) {
      const c = await poolConfig();
      try {
        const out = await cognito().send(
          new InitiateAuthCommand({
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            ClientId: c.clientId,
            AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: secretHash(c, username) },
          }),
        );
        if (!out.AuthenticationResult?.IdToken) return undefined;
        const tokens = tokensOf(out.AuthenticationResult);
        const claims = claimsOf(tokens.idToken);
        if (claims['cognito:username'] !== username) return undefined;
        return { tokens: { ...tokens, refreshToken: undefined }, companyId: String(claims[COMPANY_ATTRIBUTE] ?? ''), issuedAt: Number(claims.iat ?? Math.floor(Date.now() / 1000)) };
      } catch (e) {
        if (isRejection(e) || (e instanceof Error && e.name === 'InvalidParameterException')) return undefined;
        throw e;
      }
    },

    async setPassword(username, _companyId, password) {
      const c = await poolConfig();
      try {
        await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: c.userPoolId, Username: username, Password: password, Permanent: true }));
      } catch (e) {
        if (e instanceof InvalidPasswordException) throw new PasswordRejected(e.message);
        throw e;
      }
    },

    async revoke(refreshToken) {
      const c = await poolConfig();
      try {
        await cognito().send(new RevokeTokenCommand({ Token: refreshToken, ClientId: c.clientId, ClientSecret: c.clientSecret }));
      } catch (e) {
        // An unknown or already revoked token is as signed out as it gets.
        if (!(e instanceof Error) || !['UnsupportedTokenTypeException', 'InvalidParameterException', 'NotAuthorizedException'].includes(e.name)) throw e;
      }
    },
  };
}

/** Outside the workers, calls go straight to Cognito (the API's single calls are far below any quota). */
const unpaced: CognitoPace = <T>(_category: CognitoCategory, call: () => Promise<T>) => call();

/** Admin-side operations on Cognito users: the user of an account is named by the account id. */
export function createUserPoolAdmin({ pace = unpaced, client = cognito }: { pace?: CognitoPace; client?: () => CognitoIdentityProviderClient } = {}): AccountIdentity & {
  /** `hasUser`: a hint that the user exists already (sets the password at once; falls back when wrong). */
  setPassword(accountId: string, companyId: string, password: string, permanent: boolean, hasUser?: boolean): Promise<void>;
  /** Replaces the password with a random one nobody knows: the old one stops working at once. */
  revokePassword(accountId: string, companyId: string, hasUser?: boolean): Promise<void>;
  ping(): Promise<void>;
} {
  const userPoolId = () => requireEnv('userPoolId');
  const setExisting = (accountId: string, password: string, permanent: boolean) =>
    pace('UserUpdate', () => client().send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId(), Username: accountId, Password: password, Permanent: permanent })));
  async function setPassword(accountId: string, companyId: string, password: string, permanent: boolean, hasUser = false): Promise<void> {
    if (hasUser) {
      try {
        await setExisting(accountId, password, permanent);
        return;
      } catch (e) {
        if (!(e instanceof UserNotFoundException)) throw e;
      }
    }
    try {
      await pace('UserCreation', () =>
        client().send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId(),
            Username: accountId,
            TemporaryPassword: password,
            MessageAction: 'SUPPRESS',
            UserAttributes: [{ Name: COMPANY_ATTRIBUTE, Value: companyId }],
          }),
        ),
      );
      if (!permanent) return;
    } catch (e) {
      if (!(e instanceof UsernameExistsException)) throw e;
    }
    await setExisting(accountId, password, permanent);
  }
  return {
    async setEnabled(accountId, enabled) {
      try {
        const input = { UserPoolId: userPoolId(), Username: accountId };
        await pace('UserUpdate', () => client().send(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input)));
      } catch (e) {
        // Accounts get a Cognito user only when a password is issued; nothing to change before that.
        if (!(e instanceof UserNotFoundException)) throw e;
      }
    },

    setPassword,

    async revokePassword(accountId, companyId, hasUser) {
      await setPassword(accountId, companyId, `${randomBytes(30).toString('base64url')}aA1!`, true, hasUser);
    },

    async ping() {
      await client().send(new DescribeUserPoolCommand({ UserPoolId: userPoolId() }));
    },
  };
}
