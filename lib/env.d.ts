/** Content hash of the bundled knowledge base, injected at build time (wxt.config.ts). */
declare const __KB_HASH__: string;
