import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { bundlingOf, NEVER_IN_API, RUNTIME_PROVIDED } from '../../lib/constructs/kagi-function.js';
import { createKagiApp } from '../../lib/kagi-app.js';
import { REPO_ROOT, repoPath } from '../../lib/paths.js';
import { HANDLERS, type HandlerName } from '../../functions/http/routes.js';
import { bundleFacts, type BundleFacts } from '../support/bundle-facts.js';

/**
 * Issue 13, lean handlers: every Lambda bundle as synthesized, its size without the SDK (from its
 * metafile), and its cold load in a fresh Node.js process against two floors, both importing only
 * the SDK clients and libraries that bundle uses:
 * - the floor: those packages imported bare from node_modules, as the issue defines it;
 * - the bundled floor: those packages bundled alone exactly as the stack bundles a function. The
 *   stack bundles the SDK (it loads faster), so this is what no handler can load faster than, and
 *   load ÷ bundled floor is what kagi's own code adds to a cold start.
 * Medians of `reps` runs; bundle and floors alternate so that they see the same machine.
 */
export interface BundleFigures extends BundleFacts {
  name: string;
  kind: 'http' | 'worker';
  loadMs: number;
  floorMs: number;
  bundledFloorMs: number;
}

export interface SdkBundlingFigures {
  name: string;
  variant: string;
  bytes: number;
  withoutSdk: number;
  loadMs: number;
}

export const REPS = Number(process.env.KAGI_BENCH_BUNDLE_REPS ?? 7);

/** The handlers the SDK comparison builds three ways: public and small, sign-in, a list with Cognito, files and the queue. */
export const SDK_SAMPLE: HandlerName[] = ['companies', 'auth', 'employees', 'employee-imports'];

/** What the bundled floor takes of each SDK package: its client (commands are a handler's own, and small). */
const SDK_ENTRY: Record<string, string> = {
  '@aws-sdk/client-cognito-identity-provider': 'CognitoIdentityProviderClient',
  '@aws-sdk/client-dynamodb': 'DynamoDBClient',
  '@aws-sdk/client-eventbridge': 'EventBridgeClient',
  '@aws-sdk/client-s3': 'S3Client',
  '@aws-sdk/client-scheduler': 'SchedulerClient',
  '@aws-sdk/client-secrets-manager': 'SecretsManagerClient',
  '@aws-sdk/client-sesv2': 'SESv2Client',
  '@aws-sdk/client-sqs': 'SQSClient',
  '@aws-sdk/lib-dynamodb': 'DynamoDBDocumentClient',
  '@aws-sdk/s3-request-presigner': 'getSignedUrl',
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Milliseconds a fresh Node.js process takes to import `specifiers` one after another (process start excluded). */
function timeImports(specifiers: string[], cwd: string, env: Record<string, string>): number {
  const script = `const t = performance.now(); for (const s of ${JSON.stringify(specifiers)}) await import(s); console.log(performance.now() - t);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return Number(out.trim().split('\n').pop());
}

/** As the Lambda runtime does, the SDK is there beside a bundle (a variant that leaves it external needs it). */
function provideSdk(dir: string): void {
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  if (!existsSync(path.join(dir, 'node_modules', '@aws-sdk'))) symlinkSync(repoPath('node_modules/@aws-sdk'), path.join(dir, 'node_modules', '@aws-sdk'));
}

const loadEnv = (dir: string, env: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'ap-northeast-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LAMBDA_TASK_ROOT: dir,
  ...env,
});

interface Deployed {
  name: string;
  kind: 'http' | 'worker';
  dir: string;
  env: Record<string, string>;
}

/** The asset directory of each function of a synthesized stack. */
function assetDirs(stack: Stack, outdir: string, fns: Array<{ fn: NodejsFunction }>): string[] {
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Properties?: any }> };
  return fns.map(({ fn }) => {
    const props = template.Resources[stack.resolve((fn.node.defaultChild as CfnElement).logicalId) as string]!.Properties;
    return path.join(outdir, `asset.${String(props.Code.S3Key).replace(/\.zip$/, '')}`);
  });
}

/** Every function of the kagi stack: its bundle directory and the environment the stack gives it. */
function synthesize(outdir: string): Deployed[] {
  const { stack } = createKagiApp({ outdir });
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Properties?: any }> };
  const entries = [
    ...Object.entries(stack.handlers).map(([name, fn]) => ({ name, fn, kind: 'http' as const })),
    ...Object.entries(stack.jobs.workers).map(([name, fn]) => ({ name, fn, kind: 'worker' as const })),
  ];
  return entries.map(({ name, fn, kind }) => {
    const props = template.Resources[stack.resolve((fn.function.node.defaultChild as CfnElement).logicalId) as string]!.Properties;
    const dir = path.join(outdir, `asset.${String(props.Code.S3Key).replace(/\.zip$/, '')}`);
    // Tokens (Ref, GetAtt) resolve to real names at deploy time; any string stands in.
    const env = Object.fromEntries(Object.entries(props.Environment.Variables as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : `resolved-${k}`]));
    return { name, kind, dir, env };
  });
}

/** Bundles `entries` (repository paths) with the given bundling, in one synthesis; their asset directories. */
function bundleAll(outdir: string, entries: Array<{ entry: string; bundling: BundlingOptions }>): string[] {
  const app = new App({ outdir });
  const stack = new Stack(app, 'BenchBundles');
  const fns = entries.map(({ entry, bundling }, i) => ({
    fn: new NodejsFunction(stack, `Fn${i}`, {
      entry,
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath('package-lock.json'),
      bundling,
    }),
  }));
  return assetDirs(stack, outdir, fns);
}

/** One floor bundle per set of packages: an entry that imports just them, bundled as the stack bundles. */
function floorBundles(bundles: Array<Deployed & BundleFacts>, outdir: string): Map<string, string> {
  const keyOf = (b: BundleFacts) => [...b.sdkClients, ...b.libraries].join(' ');
  const sets = [...new Map(bundles.map((b) => [`${b.kind} ${keyOf(b)}`, b])).values()];
  // NodejsFunction wants its entry under the project root.
  const entryDir = repoPath('node_modules/.cache/kagi-bench-floors');
  mkdirSync(entryDir, { recursive: true });
  const entries = sets.map((b) => {
    const lines = [
      ...b.sdkClients.map((p, i) => `export { ${SDK_ENTRY[p] ?? 'default'} as sdk${i} } from '${p}';`),
      ...b.libraries.map((p, i) => `export * as lib${i} from '${p}';`),
      'export const handler = () => undefined;',
    ];
    const entry = path.join(entryDir, `${createHash('sha256').update(b.kind + lines.join('\n')).digest('hex').slice(0, 16)}.mjs`);
    writeFileSync(entry, `${lines.join('\n')}\n`);
    return { entry, bundling: bundlingOf(b.kind, { table: 'read' }) };
  });
  const dirs = bundleAll(outdir, entries);
  return new Map(sets.map((b, i) => [`${b.kind} ${keyOf(b)}`, path.join(dirs[i]!, 'index.mjs')]));
}

/** Each bundle against its floors, `reps` times in turn; medians. */
function measure(deployed: Deployed[], reps: number, floorsOut: string): BundleFigures[] {
  const withFacts = deployed.map((d) => ({ ...d, ...bundleFacts(d.dir) }));
  const floors = floorBundles(withFacts, floorsOut);
  return withFacts.map((b) => {
    const file = path.join(b.dir, 'index.mjs');
    const floorFile = floors.get(`${b.kind} ${[...b.sdkClients, ...b.libraries].join(' ')}`)!;
    const env = loadEnv(b.dir, b.env);
    const loads: number[] = [];
    const bare: number[] = [];
    const bundled: number[] = [];
    for (let i = 0; i < reps; i++) {
      loads.push(timeImports([file], b.dir, env));
      bare.push(timeImports([...b.sdkClients, ...b.libraries], REPO_ROOT, env));
      bundled.push(timeImports([floorFile], path.dirname(floorFile), env));
    }
    return { ...b, loadMs: median(loads), floorMs: median(bare), bundledFloorMs: median(bundled) };
  });
}

/**
 * The same handlers bundled three ways from the stack's own bundling (bundlingOf): the SDK left to
 * the runtime's copy, the SDK bundled and minified (what the stack deploys), the SDK bundled and
 * not minified. Each loads in fresh processes, in turn, `reps` times; medians.
 */
function sdkBundling(deployed: Deployed[], names: HandlerName[], reps: number, outdir: string): SdkBundlingFigures[] {
  const variants: Record<string, (name: HandlerName) => BundlingOptions> = {
    'SDK from the runtime (external)': (name) => ({ ...bundlingOf('http', HANDLERS[name]), externalModules: [...RUNTIME_PROVIDED, ...NEVER_IN_API] }),
    'SDK bundled, minified (the stack)': (name) => bundlingOf('http', HANDLERS[name]),
    'SDK bundled, not minified': (name) => ({ ...bundlingOf('http', HANDLERS[name]), minify: false }),
  };
  const builds = names.flatMap((name) => Object.entries(variants).map(([variant, bundling]) => ({ name, variant, entry: repoPath(`functions/http/${name}.ts`), bundling: bundling(name) })));
  const dirs = bundleAll(outdir, builds);
  const built = builds.map((b, i) => {
    provideSdk(dirs[i]!);
    return { ...b, dir: dirs[i]!, env: deployed.find((d) => d.name === b.name)!.env, loads: [] as number[] };
  });
  for (let i = 0; i < reps; i++) for (const b of built) b.loads.push(timeImports([path.join(b.dir, 'index.mjs')], b.dir, loadEnv(b.dir, b.env)));
  return built.map((b) => {
    const facts = bundleFacts(b.dir);
    return { name: b.name, variant: b.variant, bytes: facts.bytes, withoutSdk: facts.withoutSdk, loadMs: median(b.loads) };
  });
}

/** Both measurements, from one synthesis of the stack. */
export function benchBundles(reps = REPS, sample = SDK_SAMPLE): { bundles: BundleFigures[]; sdk: SdkBundlingFigures[] } {
  const dirs = ['kagi-bench-cdk-', 'kagi-bench-floors-', 'kagi-bench-sdk-'].map((prefix) => mkdtempSync(path.join(tmpdir(), prefix)));
  try {
    const deployed = synthesize(dirs[0]!);
    const bundles = measure(deployed, reps, dirs[1]!);
    const sdk = sdkBundling(deployed, sample, reps, dirs[2]!);
    return { bundles, sdk };
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/** The per-bundle detail and the SDK comparison, after the bench's table. */
export function printBundles({ bundles, sdk }: { bundles: BundleFigures[]; sdk: SdkBundlingFigures[] }, reps = REPS): void {
  const short = (xs: string[]) => xs.map((x) => x.replace('@aws-sdk/client-', '').replace('@aws-sdk/', '').replace('@aws-lambda-powertools/', 'powertools/')).join(' ');
  console.log(`\nLambda bundles: size without the SDK (and with it), fresh-process load against the floors (medians of ${reps})`);
  console.log(' floor: the same SDK clients and libraries imported bare from node_modules; bundled floor: the same, bundled alone as the stack bundles');
  console.log(`${'bundle'.padEnd(20)} ${'no SDK'.padStart(9)} ${'whole'.padStart(9)} ${'load'.padStart(7)} ${'floor'.padStart(7)} ${'÷'.padStart(5)} ${'bundled'.padStart(8)} ${'÷'.padStart(5)}  SDK clients | libraries`);
  for (const b of bundles) {
    console.log(
      `${b.name.padEnd(20)} ${kib(b.withoutSdk).padStart(9)} ${kib(b.bytes).padStart(9)} ${`${b.loadMs.toFixed(0)} ms`.padStart(7)} ${`${b.floorMs.toFixed(0)} ms`.padStart(7)} ${(b.loadMs / b.floorMs).toFixed(2).padStart(5)} ${`${b.bundledFloorMs.toFixed(0)} ms`.padStart(8)} ${(b.loadMs / b.bundledFloorMs).toFixed(2).padStart(5)}  ${short(b.sdkClients)} | ${short(b.libraries)}`,
    );
  }
  console.log(`\nThe AWS SDK bundled into the function or left to the runtime's copy (fresh-process load, medians of ${reps})`);
  for (const s of sdk) console.log(`${s.name.padEnd(20)} ${s.variant.padEnd(36)} ${kib(s.bytes).padStart(9)} (${kib(s.withoutSdk)} without the SDK) ${`${s.loadMs.toFixed(0)} ms`.padStart(8)}`);
}
