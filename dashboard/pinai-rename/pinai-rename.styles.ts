import { css } from 'lit'

/** The ordered rule list (drag handles, drop marker) and the preview table. */
export const renameStyles = css`
  .layout { display: grid; gap: 16px; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
  @media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
  ol { list-style: none; padding: 0; margin: 0 0 12px; }
  li.step { border: 1px solid var(--pinai-border); border-radius: 6px; padding: 8px; margin-bottom: 6px; background: var(--pinai-surface); display: flex; flex-direction: column; gap: 8px; }
  li.step.off .summary { color: var(--pinai-muted); text-decoration: line-through; }
  li.step.dragging { opacity: 0.5; }
  li.step.drop { border-color: var(--pinai-accent); box-shadow: var(--pinai-focus); }
  .head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  .handle { cursor: grab; color: var(--pinai-muted); user-select: none; padding: 0 4px; }
  .summary { flex: 1 1 160px; font-family: var(--pinai-mono); font-size: 0.85rem; overflow-wrap: anywhere; }
  .editor { display: flex; flex-wrap: wrap; gap: 8px; }
  .changed td.output { color: var(--pinai-accent); font-weight: 600; }
  td { font-family: var(--pinai-mono); font-size: 0.8rem; overflow-wrap: anywhere; }
`
