import { css } from 'lit'

/** Provider picks, and the findings per provider with their checkboxes. */
export const syncStyles = css`
  fieldset { border: 1px solid var(--pinai-border); border-radius: 6px; padding: 10px 12px; margin: 0 0 12px; display: flex; flex-wrap: wrap; gap: 10px 18px; }
  legend { color: var(--pinai-muted); font-size: 0.85rem; padding: 0 4px; }
  ul { list-style: none; padding: 0; margin: 0 0 8px; }
  li { padding: 3px 0; }
  .finding-add { color: var(--pinai-ok); }
  .finding-remove { color: var(--pinai-error); }
`
