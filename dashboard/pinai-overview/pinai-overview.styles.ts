import { css } from 'lit'

/** Figure tiles, the charts and the top-5 lists. */
export const overviewStyles = css`
  .spread { margin-bottom: 12px; }
  .tiles { display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); margin-bottom: 16px; }
  .tile { background: var(--pinai-surface); border: 1px solid var(--pinai-border); border-radius: var(--pinai-radius); padding: 12px 14px; }
  .tile .label { color: var(--pinai-muted); font-size: 0.8rem; }
  .tile .value { font-size: 1.5rem; font-weight: 650; font-variant-numeric: tabular-nums; margin-top: 2px; }
  .tile .live { color: var(--pinai-ok); font-size: 0.75rem; }
  .charts { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); }
  .tops { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); }
  ol { margin: 0; padding: 0; list-style: none; }
  li { display: flex; justify-content: space-between; gap: 8px; padding: 5px 0; border-bottom: 1px solid var(--pinai-border); }
  li:last-child { border-bottom: none; }
  li .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  li .figure { font-variant-numeric: tabular-nums; color: var(--pinai-muted); }
  @media (max-width: 700px) { .charts { grid-template-columns: 1fr; } }
`
