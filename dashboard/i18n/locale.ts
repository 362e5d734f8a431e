/** The languages the dashboard speaks. */
export type Locale = 'en' | 'zh-Hans'

/** Every locale with its own name, for the language switch. */
export const locales: readonly { id: Locale; label: string }[] = [
  { id: 'en', label: 'English' },
  { id: 'zh-Hans', label: '简体中文' },
]

const STORAGE_KEY = 'pinai.locale'
const listeners = new Set<() => void>()

function fromBrowser(): Locale {
  const languages = navigator.languages.length ? navigator.languages : [navigator.language]
  for (const language of languages) {
    const lower = language.toLowerCase()
    if (lower.startsWith('zh')) return 'zh-Hans'
    if (lower.startsWith('en')) return 'en'
  }
  return 'en'
}

function stored(): Locale | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return value === 'en' || value === 'zh-Hans' ? value : undefined
  } catch {
    return undefined
  }
}

let current: Locale = stored() ?? fromBrowser()
document.documentElement.lang = current

/** The language in use: the one chosen here before, else the browser's. */
export function currentLocale(): Locale {
  return current
}

/** Switches the language, remembers it in this browser, and re-renders every element that listens. */
export function setLocale(locale: Locale): void {
  if (locale === current) return
  current = locale
  document.documentElement.lang = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  for (const listener of listeners) listener()
}

/** Calls `listener` on every language switch; returns the function that stops it. */
export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
