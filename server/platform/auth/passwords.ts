// Password hashing (argon2id) and the two password-policy profiles.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { fieldError } from '../errors.ts';

// algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
const PARAMS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, PARAMS);

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check so a missing user is not revealed by timing.
    await verify(DUMMY_HASH, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** Checked for a user name that does not exist: the same parameters as hashPassword, so the same work. */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$vHCQpECjGANBcNup0gYUZg$r+QE0PwGH1WCUN0WQiXOIFQ40Xw15v9POiIZvJ4/9aw';

export interface PasswordPolicy {
  name: 'dengbao' | 'asvs';
  minLength: number;
  /** Character classes (lower, upper, digit, symbol) required. */
  classes: number;
  rotationDays: number | null;
  historySize: number;
  rejectCommon: boolean;
}

export const POLICIES: Record<PasswordPolicy['name'], PasswordPolicy> = {
  // 等保2.0 practice: complexity, periodic change, no reuse.
  dengbao: { name: 'dengbao', minLength: 8, classes: 3, rotationDays: 90, historySize: 5, rejectCommon: true },
  // OWASP ASVS / NIST 800-63B: length over composition, no forced rotation, block known-bad passwords.
  asvs: { name: 'asvs', minLength: 12, classes: 0, rotationDays: null, historySize: 0, rejectCommon: true },
};

// The commonest leaked passwords (and the pinyin/number patterns that top Chinese leak lists).
const COMMON = new Set([
  '123456',
  '123456789',
  '12345678',
  'password',
  'qwerty123',
  'qwerty',
  '111111',
  '12345',
  '1234567890',
  '1234567',
  '000000',
  'abc123',
  'password1',
  'iloveyou',
  '5201314',
  '123123',
  '666666',
  '888888',
  'a123456',
  'woaini1314',
  'qq123456',
  'aa123456',
  'admin123',
  'admin@123',
  'Admin@123',
  'P@ssw0rd',
  'Passw0rd!',
  'password123',
  'Password123',
  'Password@123',
  'qwertyuiop',
  '1qaz2wsx',
  '1qaz@WSX',
  'zxcvbnm',
  'asdfghjkl',
  'abcd1234',
  'Abcd1234',
  'Aa123456',
  'Aa123456789',
  'Qwer1234',
  'qwer1234',
  '123qwe',
  'Abc@123456',
  'Admin123456',
  'Welcome1',
  'welcome123',
  'changeme',
  'letmein',
  'monkey',
  'dragon',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'trustno1',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'Zz123456',
  'huang123',
  'wang123456',
  'li123456',
  'zhang123',
  'anlan123',
  'Anlan@123',
  'haishu123',
]);

export function isCommonPassword(p: string): boolean {
  const lower = p.toLowerCase();
  return COMMON.has(p) || COMMON.has(lower) || /^(.)\1+$/.test(p) || /^(0123456789|1234567890|abcdefghij)/.test(lower);
}

/** Throws a field error (default field "body.password") naming the rule the password breaks. */
export function checkPasswordPolicy(policy: PasswordPolicy, password: string, username?: string, field = 'body.password'): void {
  const fail = (zh: string, en: string) => {
    throw fieldError(field, zh, en);
  };
  if (password.length < policy.minLength) fail(`长度至少 ${policy.minLength} 位`, `must be at least ${policy.minLength} characters`);
  if (password.length > 128) fail('长度不能超过 128 位', 'must be at most 128 characters');
  if (policy.classes > 0) {
    const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
    if (classes < policy.classes)
      fail(
        `须包含大写字母、小写字母、数字、符号中的至少 ${policy.classes} 类`,
        `must mix at least ${policy.classes} of: lower case, upper case, digits, symbols`,
      );
  }
  if (policy.rejectCommon && isCommonPassword(password)) fail('过于常见，容易被猜中', 'is too common and easy to guess');
  if (username && password.toLowerCase().includes(username.toLowerCase())) fail('不能包含用户名', 'must not contain the user name');
}

/** How many previous password hashes are kept (enough for the strictest profile). */
export const HISTORY_KEPT = 5;

/** Does the password match one of the last `policy.historySize` passwords (always including the current one)? */
export async function reusesHistory(policy: PasswordPolicy, history: readonly string[], password: string): Promise<boolean> {
  for (const h of history.slice(0, Math.max(1, policy.historySize))) if (await verify(h, password).catch(() => false)) return true;
  return false;
}

const TEMP_ALPHABETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '-_.!'];

/** A one-time password an administrator hands over; satisfies both profiles (16 chars, 4 classes). */
export function temporaryPassword(): string {
  const chars = TEMP_ALPHABETS.map((a) => a[randomInt(a.length)]);
  const all = TEMP_ALPHABETS.join('');
  while (chars.length < 16) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
