export { compileRecognizer } from './compile.ts';
export type { CompiledRecognizer } from './compiled.ts';
export {
  loadRecognizer,
  type Mention,
  type Recognizer,
  recognize,
  regionalEvidence,
  scan,
} from './recognizer.ts';
