/**
 * End-to-end encryption of what sync sends: a key derived from the reader's passphrase (PBKDF2-SHA256,
 * 600,000 iterations, per-space random salt) and AES-GCM with a random 96-bit IV per message. The
 * server and the browser vendor only ever hold ciphertext; a wrong passphrase fails GCM's check.
 */
export const PBKDF2_ITERATIONS = 600_000;

export class WrongPassphraseError extends Error {
  constructor() {
    super('The passphrase does not open these notes. Enter the passphrase you chose on your other device.');
  }
}

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export function randomSalt(): string {
  return toB64(crypto.getRandomValues(new Uint8Array(16)));
}

export async function deriveKey(
  passphrase: string,
  salt: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromB64(salt), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export interface Sealed {
  iv: string;
  ct: string;
}

export async function seal(key: CryptoKey, plaintext: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(plaintext));
  // Chunked: String.fromCharCode(...bytes) overflows the stack on large payloads.
  return { iv: toB64(iv), ct: bytesToB64(new Uint8Array(ct)) };
}

export async function unseal(key: CryptoKey, sealed: Sealed): Promise<string> {
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromB64(sealed.iv) },
      key,
      fromB64(sealed.ct),
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new WrongPassphraseError();
  }
}

function bytesToB64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(out);
}
