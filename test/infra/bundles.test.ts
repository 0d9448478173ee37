import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../functions/http/routes.js';
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
      // The Lambda runtime provides the AWS SDK (left out of the bundles); nothing else.
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

  it('ships the notice fonts beside the bundle of every job that renders notices', () => {
    for (const { name, dir } of deployed().filter((d) => (JOBS as Record<string, { fonts?: boolean }>)[d.name]?.fonts)) {
      for (const font of ['NotoSansJP_400Regular.ttf', 'NotoSansJP_700Bold.ttf', 'SourceCodePro_600SemiBold.ttf']) expect(existsSync(`${dir}/fonts/${font}`), `${name}: ${font}`).toBe(true);
    }
  });
});
