// Error messages and typed errors may quote what the client sent, but never all of it: a
// 10 MB "phone number" was once echoed back whole.
export const ECHO_MAX = 64;

export function echo(input: string, max = ECHO_MAX): string {
  return input.length <= max ? input : `${input.slice(0, max)}…`;
}
