import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS, JOBS, type HandlerAccess } from '../../functions/http/routes.js';
import { BUNDLE_BUDGET_KIB } from '../../lib/bundle-budgets.js';
import { bundleFacts } from '../support/bundle-facts.js';
import { synthKagi, type SynthesizedKagi } from './kagi-synth.js';

let kagi: SynthesizedKagi;

beforeAll(() => {
  kagi = synthKagi();
});
afterAll(() => kagi?.dispose());

/** Every function as deployed: its bundle directory and the environment the stack gives it. */
function deployed() {
  const fns = { ...kagi.stack.handlers, ...kagi.stack.jobs.workers };
  return Object.entries(fns).map(([name, fn]) => {
    const props = kagi.resources[kagi.logicalId(fn.function)]!.Properties;
    // Tokens (Ref, GetAtt) resolve to real ARNs and names at deploy time; any string stands in.
    const env = Object.fromEntries(Object.entries(props.Environment.Variables as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : `resolved-${k}`]));
    return { name, dir: kagi.assetDir(props.Code.S3Key as string), env };
  });
}

describe('function bundles', () => {
  it('each loads in a fresh Node.js process with only the environment the stack gives it (no env read that is not granted)', () => {
    const functions = deployed();
    expect(functions.length).toBeGreaterThan(10);
    for (const { name, dir, env } of functions) {
      // The bundles carry their SDK clients; the Lambda runtime has its own copy beside them too.
      mkdirSync(`${dir}/node_modules`, { recursive: true });
      if (!existsSync(`${dir}/node_modules/@aws-sdk`)) symlinkSync(path.resolve('node_modules/@aws-sdk'), `${dir}/node_modules/@aws-sdk`);
      const run = () =>
        execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(`${dir}/index.mjs`)}); if (typeof m.handler !== 'function') process.exit(3);`], {
          env: { PATH: process.env.PATH, AWS_REGION: 'ap-northeast-1', LAMBDA_TASK_ROOT: dir, ...env },
          stdio: 'pipe',
        });
      expect(run, name).not.toThrow();
    }
  });

  it('each stays within its size budget without the SDK (lib/bundle-budgets.ts)', () => {
    const over = deployed()
      .map(({ name, dir }) => ({ name, kib: Math.ceil(bundleFacts(dir).withoutSdk / 1024), budget: BUNDLE_BUDGET_KIB[name as keyof typeof BUNDLE_BUDGET_KIB] }))
      .filter((b) => !(b.kib <= b.budget));
    expect(over, 'bundles past their budget (KiB without the SDK)').toEqual([]);
  });

  it('each API bundle carries only the SDK clients its grants let it call (a stray import costs every cold start)', () => {
    const allowed = (access: HandlerAccess) => {
      // The table always; Secrets Manager for X-Origin-Verify (every HTTP function) and the TOTP key.
      const clients = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-secrets-manager'];
      if (access.cognito?.length) clients.push('@aws-sdk/client-cognito-identity-provider');
      if (access.files || access.digests) clients.push('@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner');
      if (access.mail) clients.push('@aws-sdk/client-sesv2');
      if (access.queue) clients.push('@aws-sdk/client-sqs');
      if (access.schedules) clients.push('@aws-sdk/client-scheduler');
      if (access.clockBus) clients.push('@aws-sdk/client-eventbridge');
      return clients;
    };
    const api = deployed().filter((d) => d.name in HANDLERS);
    expect(api.length).toBe(Object.keys(HANDLERS).length);
    for (const { name, dir } of api) {
      const access: HandlerAccess = HANDLERS[name as keyof typeof HANDLERS];
      const stray = bundleFacts(dir).sdkClients.filter((c) => !allowed(access).includes(c));
      expect(stray, name).toEqual([]);
    }
  });

  it('ships the notice fonts beside the bundle of every job that renders notices', () => {
    for (const { name, dir } of deployed().filter((d) => (JOBS as Record<string, { fonts?: boolean }>)[d.name]?.fonts)) {
      for (const font of ['NotoSansJP_400Regular.ttf', 'NotoSansJP_700Bold.ttf', 'SourceCodePro_600SemiBold.ttf']) expect(existsSync(`${dir}/fonts/${font}`), `${name}: ${font}`).toBe(true);
    }
  });
});
