/** Messages between the solver pool and its worker threads (structured-clone data only). */
import type { SitingConstraints, SitingInstance, SolveOptions, SolveProgress, SolveResult } from './instance'

export interface ToWorker {
  id: number
  instance: SitingInstance
  constraints: SitingConstraints
  options: Partial<Omit<SolveOptions, 'onProgress'>>
}

export type FromWorker =
  | { type: 'progress'; id: number; progress: SolveProgress }
  | { type: 'result'; id: number; result: SolveResult }
  | { type: 'error'; id: number; error: { input: boolean; message: string; path?: string; stack?: string } }
