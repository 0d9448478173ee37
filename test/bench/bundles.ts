import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createKagiApp } from '../../lib/kagi-app.js';

/** Every Lambda bundle as synthesized: its size and how long a fresh Node process takes to import it. */
export async function measureBundles(): Promise<Array<{ name: string; bytes: number; loadMs: number }>> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'kagi-bench-cdk-'));
  try {
    const { stack } = createKagiApp({ outdir });
    const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Properties?: any }> };
    const fns = { ...stack.handlers, ...stack.jobs.workers };
    return Object.entries(fns).map(([name, fn]) => {
      const logicalId = stack.resolve((fn.function.node.defaultChild as CfnElement).logicalId) as string;
      const props = template.Resources[logicalId]!.Properties;
      const dir = path.join(outdir, `asset.${String(props.Code.S3Key).replace(/\.zip$/, '')}`);
      const file = path.join(dir, 'index.mjs');
      // The Lambda runtime provides the AWS SDK.
      mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
      if (!existsSync(path.join(dir, 'node_modules', '@aws-sdk'))) symlinkSync(path.resolve('node_modules/@aws-sdk'), path.join(dir, 'node_modules', '@aws-sdk'));
      const env = Object.fromEntries(Object.entries(props.Environment.Variables as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : 'x']));
      const out = execFileSync(
        process.execPath,
        ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`],
        { env: { PATH: process.env.PATH, AWS_REGION: 'ap-northeast-1', LAMBDA_TASK_ROOT: dir, ...env }, encoding: 'utf8' },
      );
      return { name, bytes: statSync(file).size, loadMs: Number(out.trim().split('\n').pop()) };
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
