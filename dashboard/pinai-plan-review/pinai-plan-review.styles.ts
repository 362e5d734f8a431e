import { css } from 'lit'

/** The diff with added and removed lines marked, and the read-only patch box. */
export const planReviewStyles = css`
  .diff { font-family: var(--pinai-mono); font-size: 0.8rem; border: 1px solid var(--pinai-border); border-radius: 6px; overflow: auto; max-height: 420px; background: var(--pinai-surface-2); }
  .diff div { white-space: pre; padding: 0 8px; min-height: 1.3em; }
  .diff .add { background: var(--pinai-add); }
  .diff .remove { background: var(--pinai-remove); }
  .diff .hunk { color: var(--pinai-muted); }
  ul { margin: 0 0 8px; padding-left: 20px; }
  textarea { min-height: 160px; }
`
