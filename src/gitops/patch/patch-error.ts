/** A change pinai cannot make to the config file's text (it is then made by hand). */
export class PatchError extends Error {
  /** Where in the config: `providers[2].models`, or '' for the whole file. */
  readonly path: string

  constructor(path: string, message: string) {
    super(path ? `${path}: ${message}` : message)
    this.name = 'PatchError'
    this.path = path
  }
}
