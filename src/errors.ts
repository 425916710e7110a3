// A UserError is a problem with what the user asked for; its message is safe and friendly to show.
// Anything else reaching the error boundary is a bug: logged in full, shown as a generic apology.
export class UserError extends Error {
  override readonly name = 'UserError';
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
