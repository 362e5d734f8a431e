/** One problem in a config file, with the path of the value at fault. */
export interface ConfigIssue {
  /** `providers[2].baseUrl`, or '' for the whole file. */
  path: string
  message: string
  /** `file:line:col` in the config file, when the problem is a line of code (a syntax error, a throw). */
  location?: string
}

/** A config that cannot be used; lists every problem found. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[]
  readonly file: string | undefined

  constructor(issues: ConfigIssue[], file?: string) {
    super(formatIssues(issues, file))
    this.name = 'ConfigError'
    this.issues = issues
    this.file = file
  }
}

/** Renders issues one per line as `path: message`, under the file name. */
export function formatIssues(issues: ConfigIssue[], file?: string): string {
  const lines = issues.map((issue) => {
    const text = issue.path ? `${issue.path}: ${issue.message}` : issue.message
    return issue.location ? `  ${issue.location}: ${text}` : `  ${text}`
  })
  return `${file ? `${file}: ` : ''}${issues.length} problem${issues.length === 1 ? '' : 's'}\n${lines.join('\n')}`
}

/** Joins path segments the way a user writes them: `providers[2].baseUrl`. */
export function joinPath(segments: ReadonlyArray<string | number>): string {
  let path = ''
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += path ? `.${segment}` : segment
    else path += `[${JSON.stringify(segment)}]`
  }
  return path
}
