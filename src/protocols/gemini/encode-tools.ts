import type { Tool, ToolChoice } from '../../ir/tool.ts'
import { cleanSchema } from './clean-schema.ts'
import type { GeminiContext } from './context.ts'
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from './wire-types.ts'

/**
 * IR tools → Gemini `tools`: function tools become one `functionDeclarations` list with the JSON Schema
 * cleaned to Gemini's subset (an object schema without properties is left out, Gemini rejects it);
 * Gemini-origin provider tools (`googleSearch` …) pass as they are; other provider tools are dropped with a
 * warning.
 */
export function encodeTools(tools: Tool[], context: GeminiContext): GeminiTool[] {
  const declarations: GeminiFunctionDeclaration[] = []
  const others: GeminiTool[] = []
  for (const tool of tools) {
    if (tool.type === 'provider') {
      if (tool.origin.protocol === 'gemini') others.push(tool.raw)
      else context.drops.drop(`the ${tool.origin.protocol} provider tool ${tool.name ?? '(unnamed)'}`)
      continue
    }
    const declaration: GeminiFunctionDeclaration = { name: tool.name }
    if (tool.description) declaration.description = tool.description
    if (tool.parameters) {
      const parameters = cleanSchema(tool.parameters)
      const emptyObject = parameters.properties === undefined && (parameters.type ?? 'object') === 'object'
      if (!emptyObject) declaration.parameters = parameters
    }
    declarations.push(declaration)
  }
  return declarations.length > 0 ? [{ functionDeclarations: declarations }, ...others] : others
}

/** IR tool choice → `toolConfig.functionCallingConfig` (AUTO / NONE / ANY, ANY + one allowed name). */
export function encodeToolChoice(choice: ToolChoice): GeminiToolConfig {
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } }
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } }
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } }
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } }
    default: {
      const unreachable: never = choice
      throw new Error(`unknown tool choice ${JSON.stringify(unreachable)}`)
    }
  }
}
