import { css } from 'lit'

/** Provider cards, their model tables with health, and the edit bar. */
export const providersStyles = css`
  .provider.disabled { opacity: 0.75; }
  .provider header { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; justify-content: space-between; margin-bottom: 8px; }
  .provider h2 { margin: 0; display: flex; gap: 8px; align-items: center; }
  .facts { display: flex; flex-wrap: wrap; gap: 6px 16px; margin-bottom: 10px; font-size: 0.85rem; color: var(--pinai-muted); }
  .facts .mono { color: var(--pinai-text); word-break: break-all; }
  .controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin-bottom: 10px; }
  .health { display: flex; flex-direction: column; gap: 4px; }
  .channel { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; font-size: 0.82rem; }
  .state-ok { color: var(--pinai-ok); }
  .state-cooling { color: var(--pinai-error); }
  .state-half-open { color: var(--pinai-warn); }
  .state-limited { color: var(--pinai-warn); }
  .result { font-size: 0.8rem; max-width: 420px; word-break: break-word; }
  tr.removed td { text-decoration: line-through; color: var(--pinai-muted); }
  .edit-bar { position: sticky; bottom: 0; z-index: 4; background: var(--pinai-surface); border: 1px solid var(--pinai-accent); border-radius: var(--pinai-radius); padding: 10px 14px; margin: 16px 0; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
  form.add { display: grid; gap: 10px; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); align-items: end; }
  details summary { cursor: pointer; font-weight: 600; }
  .note { font-size: 0.85rem; }
  @media (max-width: 700px) {
    /* On a phone each model is a small block (id, name, channels, action) instead of a cramped row. */
    .models thead { display: none; }
    .models tr, .models td { display: block; }
    .models tr { border-bottom: 1px solid var(--pinai-border); padding: 6px 0; }
    .models td { border: none; padding: 2px 0; }
    .models td.exposed::before { content: '→ '; color: var(--pinai-muted); }
  }
`
