import { Node, type SourceFile } from 'ts-morph'

/** How a config file is written, so that new text looks like the old. */
export interface SourceStyle {
  quote: "'" | '"'
  /** One level of indentation. */
  indent: string
  /** Whether multi-line arrays and objects end with a comma. */
  trailingComma: boolean
  /** Longest line new text may make. */
  width: number
}

/** Reads the quote, indentation, trailing-comma habit and line width of a source file. */
export function detectStyle(sourceFile: SourceFile): SourceStyle {
  const text = sourceFile.getFullText()
  const lines = text.split('\n')
  let quote: SourceStyle['quote'] = "'"
  const firstString = sourceFile.getFirstDescendant((node) => Node.isStringLiteral(node))
  if (firstString && Node.isStringLiteral(firstString)) quote = firstString.getText().startsWith('"') ? '"' : "'"
  const indents = lines.map((line) => /^[ \t]*/.exec(line)?.[0] ?? '').filter((indent) => indent.length > 0)
  let indent = '  '
  if (indents.some((item) => item.startsWith('\t'))) indent = '\t'
  else if (indents.length > 0) indent = ' '.repeat(Math.min(...indents.map((item) => item.length)))
  let withComma = 0
  let withoutComma = 0
  sourceFile.forEachDescendant((node) => {
    if (!Node.isArrayLiteralExpression(node) && !Node.isObjectLiteralExpression(node)) return
    const items = Node.isArrayLiteralExpression(node) ? node.getElements() : node.getProperties()
    const last = items.at(-1)
    if (!last || !text.slice(last.getEnd(), node.getEnd()).includes('\n')) return
    if (/^\s*(?:\/\/[^\n]*\n\s*)*,/.test(text.slice(last.getEnd()))) withComma++
    else withoutComma++
  })
  const longest = Math.max(0, ...lines.map((line) => line.length))
  return { quote, indent, trailingComma: withComma >= withoutComma, width: Math.min(160, Math.max(100, longest)) }
}
