import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoPath } from '../../lib/paths.js';

/**
 * What a Lambda bundle holds, from the esbuild metafile the stack writes beside it
 * (`index.meta.json`). The SDK is every input reached only through `@aws-sdk/*` or `@smithy/*`
 * packages (their own dependencies included); the rest, esbuild's glue too, is kagi's share.
 */
export interface BundleFacts {
  /** index.mjs as deployed. */
  bytes: number;
  /** What the SDK adds to it. */
  sdkBytes: number;
  /** bytes − sdkBytes: what the budgets and the 150 KiB goal bound. */
  withoutSdk: number;
  /** The SDK packages of package.json it uses (bundled or imported from the runtime). */
  sdkClients: string[];
  /** The other npm dependencies of package.json bundled into it. */
  libraries: string[];
}

interface Metafile {
  inputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
  outputs: Record<string, { bytes: number; entryPoint?: string; inputs: Record<string, { bytesInOutput: number }>; imports: Array<{ path: string; external?: boolean }> }>;
}

const DEPENDENCIES = Object.keys((JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);

/** The package an input belongs to (the innermost node_modules), or undefined for kagi's own files. */
export function packageOf(input: string): string | undefined {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [scope, name] = input.slice(at + 'node_modules/'.length).split('/');
  return scope!.startsWith('@') ? `${scope}/${name}` : scope;
}

const isSdk = (pkg: string | undefined) => pkg !== undefined && (pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/'));

export function bundleFacts(dir: string): BundleFacts {
  const meta = JSON.parse(readFileSync(path.join(dir, 'index.meta.json'), 'utf8')) as Metafile;
  const [, output] = Object.entries(meta.outputs).find(([file]) => file.endsWith('index.mjs'))!;
  // Everything reachable from the entry without passing through an SDK package.
  const ownShare = new Set<string>();
  const todo = [output.entryPoint!];
  while (todo.length) {
    const input = todo.pop()!;
    if (ownShare.has(input) || isSdk(packageOf(input))) continue;
    ownShare.add(input);
    for (const i of meta.inputs[input]?.imports ?? []) if (!i.external) todo.push(i.path);
  }
  let sdkBytes = 0;
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) if (!ownShare.has(input)) sdkBytes += bytesInOutput;
  const used = new Set([...Object.keys(output.inputs).map(packageOf), ...output.imports.filter((i) => i.external).map((i) => packageOf(`node_modules/${i.path}/`))]);
  const direct = DEPENDENCIES.filter((d) => used.has(d));
  return {
    bytes: output.bytes,
    sdkBytes,
    withoutSdk: output.bytes - sdkBytes,
    sdkClients: direct.filter((d) => d.startsWith('@aws-sdk/')),
    libraries: direct.filter((d) => !d.startsWith('@aws-sdk/')),
  };
}
