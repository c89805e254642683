/** Loads user modules (pre-processing components) with dynamic import; relative paths from `baseDir`. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModuleLoader } from '../core/data/pre-processing.js';

export function importModuleLoader(baseDir: string = process.cwd()): ModuleLoader {
  return async (specifier) => {
    const isPath =
      specifier.startsWith('.') || path.isAbsolute(specifier) || /\.(?:m?js|cjs|ts|mts)$/.test(specifier);
    const target = isPath ? pathToFileURL(path.resolve(baseDir, specifier)).href : specifier;
    return (await import(target)) as Readonly<Record<string, unknown>>;
  };
}
