import { createInterface } from 'node:readline/promises'

/** Asks on the terminal; true only for `yes` (or `y`). Throws when stdin is not a terminal. */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new Error('stdin is not a terminal: pass --auto-approve to apply without asking')
  const prompt = createInterface({ input: process.stdin, output: process.stderr })
  try {
    const answer = await prompt.question(question)
    return /^(yes|y)$/i.test(answer.trim())
  } finally {
    prompt.close()
  }
}
