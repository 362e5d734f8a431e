import type { RewriteRule } from '../config/rewrite-rule.ts'

/**
 * Compiles one rule into a function of a name. A regex rule compiles once (global, with its
 * flags); an invalid pattern throws, and the caller names the rule.
 */
export function compileRule(rule: RewriteRule): (name: string) => string {
  switch (rule.kind) {
    case 'insert': {
      const { text, position, anchor } = rule
      if (position === 'prefix') return (name) => text + name
      if (position === 'suffix') return (name) => name + text
      if (!anchor) return (name) => name
      return (name) => {
        const at = name.indexOf(anchor)
        if (at < 0) return name
        const cut = position === 'before' ? at : at + anchor.length
        return name.slice(0, cut) + text + name.slice(cut)
      }
    }
    case 'replace': {
      // Plain text, not a regex: `.`, `(` or `$1` are taken literally.
      const { from, to } = rule
      return (name) => name.split(from).join(to)
    }
    case 'regex': {
      const pattern = new RegExp(rule.pattern, `g${rule.flags ?? ''}`)
      return (name) => name.replace(pattern, rule.replace)
    }
    case 'case':
      return rule.to === 'upper' ? (name) => name.toUpperCase() : (name) => name.toLowerCase()
    default: {
      const unreachable: never = rule
      throw new Error(`unknown rule kind ${JSON.stringify(unreachable)}`)
    }
  }
}

/** A short human description of a rule, as `pinai rewrite` prints it. */
export function describeRule(rule: RewriteRule): string {
  switch (rule.kind) {
    case 'insert':
      return rule.position === 'prefix' || rule.position === 'suffix'
        ? `insert ${JSON.stringify(rule.text)} as ${rule.position}`
        : `insert ${JSON.stringify(rule.text)} ${rule.position} ${JSON.stringify(rule.anchor ?? '')}`
    case 'replace':
      return `replace ${JSON.stringify(rule.from)} with ${JSON.stringify(rule.to)}`
    case 'regex':
      return `regex /${rule.pattern}/g${rule.flags ?? ''} → ${JSON.stringify(rule.replace)}`
    case 'case':
      return `${rule.to}-case`
    default: {
      const unreachable: never = rule
      return String(unreachable)
    }
  }
}
