/** A listener could not be opened; the message is what supervisord prints after `Error: `. */
export class HttpStartError extends Error {}
