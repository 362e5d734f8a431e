import { css } from 'lit'

/** The sign-in card, centred, and the server dialog. */
export const loginStyles = css`
  .login { max-width: 440px; margin: 40px auto; }
  form { display: flex; flex-direction: column; gap: 12px; }
  input { width: 100%; }
  dialog { border: 1px solid var(--pinai-border); border-radius: var(--pinai-radius); background: var(--pinai-surface); color: var(--pinai-text); max-width: min(520px, 94vw); padding: 20px; }
  dialog::backdrop { background: rgb(0 0 0 / 45%); }
  .failure { color: var(--pinai-error); }
`
