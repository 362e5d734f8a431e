// The dashboard's entry: the page-wide look, then the app element (which loads every page).
import { pageStyles } from './styles/page-styles.ts'
import './pinai-app/pinai-app.ts'

document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyles]
