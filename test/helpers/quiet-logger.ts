/** A logger that drops every line, for tests whose subject is not what gets logged. */
export const quietLogger = Object.freeze({
  info: (_message: string): void => undefined,
  warn: (_message: string): void => undefined,
  error: (_message: string): void => undefined,
})
