// What the VCC API answered when it refused or failed a request. Carries the HTTP status (0
// when there was no answer) and a message naming the method and path: never the token or the
// client secret.
export class VccError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'VccError';
    this.status = status;
  }
}
