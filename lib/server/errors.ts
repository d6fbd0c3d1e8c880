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
