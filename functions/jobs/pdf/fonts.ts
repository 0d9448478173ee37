import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

// The notice fonts ship in npm packages (OFL), not in this repository. Noto Sans JP is a full
// TTF (17,000 glyphs, ~5.4 MB per weight): the web-font slices lack rarer name kanji such as
// 髙 and 﨑. Source Code Pro prints the password: monospaced, with distinct 0/O and 1/l/I.
//
// Deployment: esbuild cannot bundle these files, so the job Lambda that renders notices must
// copy them into its asset (NodejsFunction `commandHooks.afterBundling`, copying each path from
// `noticeFontPaths()` into the output directory) and pass that directory to `readNoticeFonts`.
// Only functions/jobs may import this folder: pdf-lib, fontkit and 11 MB of fonts must stay out
// of every API handler bundle, where they would only slow cold starts.

/** Package-relative specifiers of the notice fonts, by the role each plays on the page. */
export const NOTICE_FONT_MODULES = {
  regular: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf',
  mono: '@expo-google-fonts/source-code-pro/600SemiBold/SourceCodePro_600SemiBold.ttf',
} as const;

export type NoticeFontRole = keyof typeof NOTICE_FONT_MODULES;
export type NoticeFonts = Readonly<Record<NoticeFontRole, Uint8Array>>;

const roles = Object.keys(NOTICE_FONT_MODULES) as NoticeFontRole[];

/**
 * Absolute paths of the notice fonts: resolved in node_modules, or, given `dir` (a bundle's
 * copy), the same file names inside that directory.
 */
export function noticeFontPaths(dir?: string): Record<NoticeFontRole, string> {
  // Created on call, not at module load: a CommonJS bundle has no import.meta.url, and with
  // `dir` it is not needed at all.
  const resolve = dir === undefined ? createRequire(import.meta.url).resolve : undefined;
  const entries = roles.map((role) => {
    const specifier = NOTICE_FONT_MODULES[role];
    return [role, resolve ? resolve(specifier) : join(dir!, basename(specifier))] as const;
  });
  return Object.fromEntries(entries) as Record<NoticeFontRole, string>;
}

const loaded = new Map<string, Promise<NoticeFonts>>();

/** Reads the notice fonts once per process (per `dir`); later calls share the same bytes. */
export function readNoticeFonts(dir?: string): Promise<NoticeFonts> {
  const key = dir ?? '';
  let fonts = loaded.get(key);
  if (!fonts) {
    fonts = readAll(noticeFontPaths(dir));
    fonts.catch(() => loaded.delete(key));
    loaded.set(key, fonts);
  }
  return fonts;
}

async function readAll(paths: Record<NoticeFontRole, string>): Promise<NoticeFonts> {
  const [regular, bold, mono] = await Promise.all([readFile(paths.regular), readFile(paths.bold), readFile(paths.mono)]);
  return { regular, bold, mono };
}
