import type { FetchProgress } from '../../upstream/model-lists/fetch-many-providers.ts'
import type { Colors } from '../render-plan.ts'

/** Progress of model-list fetching, one line per provider as it finishes (to stderr). */
export function printProgress(
  colors: Colors,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): FetchProgress {
  let announced = false
  return ({ provider, done, total, result }) => {
    if (!announced) {
      write(colors.dim(`Fetching the model lists of ${total} provider${total === 1 ? '' : 's'}…`))
      announced = true
    }
    if (!result) return
    const counter = colors.dim(`[${done}/${total}]`)
    if (result.error !== undefined) write(`${counter} ${colors.red('✗')} ${provider}: ${result.error}`)
    else {
      const failed = result.keys.filter((key) => key.error !== undefined)
      const warning = failed.length
        ? colors.yellow(` (${failed.map((key) => `${key.label}: ${key.error}`).join('; ')})`)
        : ''
      write(
        `${counter} ${colors.green('✓')} ${provider}: ${result.ids.length} model${result.ids.length === 1 ? '' : 's'}${warning}`,
      )
    }
  }
}
