// Passwords: scrypt (memory-hard, in Node itself, run on the libuv pool so the event loop
// stays free) and a small policy. Stored as `scrypt$N$r$p$salt$hash` so parameters can grow.
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

const params = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyLength = 64;
// 128 * N * r bytes are needed (32 MiB at N=2^15); leave headroom.
const maxmem = 64 * 1024 * 1024;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, { ...params, maxmem });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    // Spend the same time as a real check, so unknown accounts are not told apart by timing.
    await scryptAsync(password, randomBytes(16), { ...params, maxmem });
    return false;
  }
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// The most common passwords of at least 12 characters in public breach lists, and this product's name.
const commonPasswords = new Set([
  '123456789012',
  '1234567890123',
  '12345678910',
  'qwertyuiopasdfgh',
  'qwertyuiop123',
  'qwerty123456',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'iloveyou1234',
  'abcdefghijkl',
  'abc123456789',
  'aaaaaaaaaaaa',
  '111111111111',
  '000000000000',
  'administrator',
  'admin1234567',
  'adminadminadmin',
  'letmein12345',
  'welcome12345',
  'changeme1234',
  'trustno1trustno1',
  'football1234',
  'baseball1234',
  'superman1234',
  'sunshine1234',
  'princess1234',
  'satark123456',
  'satarksatark',
  'satarkadmin123',
]);

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (email) {
    const address = email.toLowerCase();
    const local = address.split('@')[0] ?? '';
    if (lower === address || (local.length >= 4 && lower.includes(local))) {
      return 'must not be or contain the email address';
    }
  }
  if (commonPasswords.has(lower)) return 'is one of the most common passwords';
  if (new Set(lower).size < 4) return 'needs at least 4 different characters';
  return null;
}

/** A random password for one-time use (first start, resets): 20 characters, policy-compliant. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
