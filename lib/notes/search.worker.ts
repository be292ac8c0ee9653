/** The side panel's note search, off its main thread (search-channel.ts). */
import { createSearchService } from './search-channel.ts';

// A step runs after the messages already waiting; a MessageChannel, unlike setTimeout, is not
// clamped to 4 ms when steps follow each other.
const wake = new MessageChannel();
let next: (() => void) | undefined;
wake.port1.onmessage = () => next?.();

const receive = createSearchService(
  (answer) => postMessage(answer, { transfer: [answer.found.buffer] }),
  (step) => {
    next = step;
    wake.port2.postMessage(null);
  },
);
addEventListener('message', (event) => receive(event.data));
