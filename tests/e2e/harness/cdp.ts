/**
 * A raw Chrome DevTools Protocol connection to the whole browser (Playwright's sessions are per page
 * and cannot reach the extension's service worker). Flat sessions: one socket, a sessionId per target.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// biome-ignore lint/suspicious/noExplicitAny: CDP parameters and results are untyped JSON here.
type Json = any;

export interface Cdp {
  send(method: string, params?: Json, sessionId?: string): Promise<Json>;
  on(method: string, listener: (params: Json, sessionId: string | undefined) => void): void;
  close(): void;
}

/** Connects to a Chromium started with --remote-debugging-port=0 on `profile`. */
export async function connectCdp(profile: string): Promise<Cdp> {
  const [port, path] = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n');
  const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error('cannot reach the browser over CDP'));
  });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, ((params: Json, sessionId: string | undefined) => void)[]>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data));
    if (message.id !== undefined) {
      const call = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) call?.reject(new Error(`${message.error.message} (${message.error.code})`));
      else call?.resolve(message.result);
      return;
    }
    for (const listener of listeners.get(message.method) ?? []) listener(message.params, message.sessionId);
  };
  socket.onclose = () => {
    for (const call of waiting.values()) call.reject(new Error('CDP connection closed'));
    waiting.clear();
  };
  return {
    send(method, params = {}, sessionId) {
      return new Promise((resolve, reject) => {
        const id = ++nextId;
        waiting.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      });
    },
    on(method, listener) {
      listeners.set(method, [...(listeners.get(method) ?? []), listener]);
    },
    close: () => socket.close(),
  };
}
