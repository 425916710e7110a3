// Discord-shaped API errors: `{ message, code, errors? }` with the HTTP status Discord uses.
// Codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json

export interface ApiErrorBody {
  message: string;
  code: number;
  errors?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }

  get body(): ApiErrorBody {
    return this.errors === undefined
      ? { message: this.message, code: this.code }
      : { message: this.message, code: this.code, errors: this.errors };
  }
}

/** 400 Invalid Form Body with Discord's nested `_errors` layout, e.g. field `content` or `embeds.0.title`. */
export function formError(field: string, code: string, message: string): ApiError {
  const errors: Record<string, unknown> = {};
  let cursor = errors;
  const parts = field.split('.');
  parts.forEach((part, i) => {
    const next: Record<string, unknown> = i === parts.length - 1 ? { _errors: [{ code, message }] } : {};
    cursor[part] = next;
    cursor = next;
  });
  return new ApiError(400, 50035, 'Invalid Form Body', errors);
}

export const Errors = {
  unauthorized: () => new ApiError(401, 0, '401: Unauthorized'),
  notFound: () => new ApiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => new ApiError(405, 0, '405: Method Not Allowed'),
  unknownChannel: () => new ApiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, 10004, 'Unknown Guild'),
  unknownMessage: () => new ApiError(404, 10008, 'Unknown Message'),
  unknownWebhook: () => new ApiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => new ApiError(404, 10062, 'Unknown interaction'),
  unknownCommand: () => new ApiError(404, 10063, 'Unknown application command'),
  alreadyAcknowledged: () => new ApiError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => new ApiError(403, 50001, 'Missing Access'),
  emptyMessage: () => new ApiError(400, 50006, 'Cannot send an empty message'),
  nonTextChannel: () => new ApiError(400, 50008, 'Cannot send messages in a non-text channel'),
  missingPermissions: () => new ApiError(403, 50013, 'Missing Permissions'),
  invalidWebhookToken: () => new ApiError(401, 50027, 'Invalid Webhook Token'),
  invalidJson: () => new ApiError(400, 50109, 'The request body contains invalid JSON.'),
};
