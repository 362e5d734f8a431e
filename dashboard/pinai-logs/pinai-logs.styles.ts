import { css } from 'lit'

/** Filters, the log table, and the detail dialog. */
export const logsStyles = css`
  form.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin-bottom: 12px; }
  tbody tr { cursor: pointer; }
  tbody tr:hover { background: var(--pinai-surface-2); }
  td button.link { border: none; background: none; padding: 0; min-height: auto; color: var(--pinai-accent); text-decoration: underline; white-space: nowrap; }
  .pager { display: flex; gap: 8px; align-items: center; justify-content: flex-end; margin-top: 10px; }
  dialog { border: 1px solid var(--pinai-border); border-radius: var(--pinai-radius); background: var(--pinai-surface); color: var(--pinai-text); width: min(900px, 96vw); max-height: 90vh; padding: 18px; }
  dialog::backdrop { background: rgb(0 0 0 / 45%); }
  dialog h3 { margin: 16px 0 6px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0 0 14px; font-size: 0.9rem; }
  dt { color: var(--pinai-muted); }
  dd { margin: 0; overflow-wrap: anywhere; }
  pre.trace { background: var(--pinai-surface-2); border: 1px solid var(--pinai-border); border-radius: 6px; padding: 10px; font-family: var(--pinai-mono); font-size: 0.8rem; max-height: 260px; overflow: auto; }
`
