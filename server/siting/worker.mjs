// Worker-thread entry for the siting solvers. Plain JavaScript on purpose: a worker does not
// inherit vitest's TypeScript transform (and under `tsx server/main.ts` it inherits tsx's loader
// only through execArgv), so this file asks tsx to load the TypeScript itself, which works in both.
import { tsImport } from 'tsx/esm/api'

await tsImport('./workerMain.ts', import.meta.url)
