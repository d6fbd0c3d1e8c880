/** Errors the route handlers turn into 4xx responses with a clear message. */
export class NotFoundError extends Error {
  readonly status = 404;
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

export class ConflictError extends Error {
  readonly status = 409;
  constructor(message: string, readonly currentRevision: number) {
    super(message);
    this.name = "ConflictError";
  }
}

/** A limit on what may be stored was reached (results sets, uploads through a link, links). */
export class LimitError extends Error {
  readonly status = 429;
  constructor(message: string) {
    super(message);
    this.name = "LimitError";
  }
}

/** The server is busy with this kind of work (renders, a queue of writes): try again shortly. */
export class UnavailableError extends Error {
  readonly status = 503;
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
    this.name = "UnavailableError";
  }
}
