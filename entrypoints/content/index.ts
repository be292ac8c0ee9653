import { startAnnotator } from '../../lib/content/annotator.ts';
import './style.css';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  // Same-origin frames (and others) get their own instance: each marks its own document.
  allFrames: true,
  main(ctx) {
    const controller = new AbortController();
    ctx.onInvalidated(() => controller.abort());
    void startAnnotator(controller.signal);
  },
});
