import type { JsonObject } from '../../ir/json.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { isRecord, parseJson } from '../shared/read-json.ts'

/**
 * Reads an OpenAI `arguments` string: the parsed object plus the string itself. Arguments that are not a
 * JSON object become `{}` (never a string where an object belongs), and the drop is logged.
 */
export function decodeToolArguments(rawArgs: string, drops?: DropLog): { args: JsonObject; rawArgs: string } {
  if (rawArgs.trim() === '') return { args: {}, rawArgs }
  const parsed = parseJson(rawArgs)
  if (isRecord(parsed)) return { args: parsed, rawArgs }
  drops?.drop('tool-call arguments that are not a JSON object (sent as {})')
  return { args: {}, rawArgs }
}
