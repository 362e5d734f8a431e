#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the config file and the sources need no build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
