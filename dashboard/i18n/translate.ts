import { currentLocale } from './locale.ts'
import { zhHans } from './zh-hans.ts'

/**
 * The text in the current language. Messages are written in English in the code and looked up by that
 * text; `{name}` placeholders are filled from `values`. A missing translation shows the English.
 */
export function t(text: string, values: Record<string, string | number> = {}): string {
  const translated = currentLocale() === 'zh-Hans' ? (zhHans[text] ?? text) : text
  return translated.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match))
}
