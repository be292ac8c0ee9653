/** The recognizer the extension ships, built from kb/ in Node (CLI, benchmarks, tests). */
import { fileURLToPath } from 'node:url';
import { buildKbFromDisk } from '../kb/bundle.ts';
import { compileRecognizer } from './compile.ts';
import type { CompiledRecognizer } from './compiled.ts';

export function compileFromDisk(kbDir?: string): CompiledRecognizer {
  const kb = buildKbFromDisk(
    kbDir ?? process.env.LENS_KB_DIR ?? fileURLToPath(new URL('../../kb', import.meta.url)),
  );
  return compileRecognizer(kb.entities, { hash: kb.hash });
}
