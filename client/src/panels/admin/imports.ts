/**
 * Imports from the browser: each dataset's source files and checksums, edition and last import;
 * run an import of one source or all, with a progress bar while it runs, then each dataset's
 * result, or the error (the previous data stays: an import lands completely or not at all). The
 * status line (a polite live region) announces each step and the outcome; an error is an alert.
 */
import type { ApiClient } from '../../api'
import type { DatasetImportRow, ImportJob } from '../../adminApi'
import { h } from '../../dom'
import type { Disposer } from '../control'
import { plainWords } from '../fieldErrors'
import { dataTable, when } from './listing'

const POLL_MS = 500

export function importsSection(api: ApiClient, d: Disposer): { el: HTMLElement; load: () => Promise<void> } {
  const source = h('select', { id: 'import-source' }, h('option', { value: '' }, 'Every source'))
  const force = h('input', { id: 'import-force', type: 'checkbox' })
  const newer = h('input', { id: 'import-newer', type: 'checkbox' })
  const run = h('button', { type: 'submit' }, 'Run import')
  const form = h('form', { class: 'admin-form', 'aria-label': 'Run an import' },
    h('label', { for: 'import-source' }, 'Source'), source,
    h('label', { class: 'check' }, force, ' Import again even if the files are unchanged'),
    h('label', { class: 'check' }, newer, ' The files are newer editions from the publisher (accept checksums that differ from the manifest)'), run)
  const bar = h('progress', { id: 'import-progress', max: '1', value: '0', hidden: true, 'aria-label': 'Import progress' })
  const status = h('p', { id: 'import-status', role: 'status', 'aria-live': 'polite' })
  const result = h('div', { id: 'import-result' })
  const list = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Datasets' })
  const el = h('section', { class: 'admin-imports', 'aria-labelledby': 'imports-title' },
    h('h3', { id: 'imports-title' }, 'Datasets and imports'),
    form, bar, status, result, list)
  let timer: ReturnType<typeof setTimeout> | undefined
  // aria-disabled, not disabled: a disabled button drops the keyboard user's focus to the page's body
  const busy = (on: boolean) => run.setAttribute('aria-disabled', String(on))
  d.add(() => clearTimeout(timer))

  async function load(): Promise<void> {
    try {
      const { datasets, sources } = await api.admin.datasets()
      const chosen = source.value
      source.replaceChildren(h('option', { value: '' }, 'Every source'), ...sources.map((s) => h('option', { value: s, selected: s === chosen }, s)))
      list.replaceChildren(table(datasets))
    } catch (err) {
      status.textContent = plainWords(err)
    }
  }

  function table(rows: DatasetImportRow[]): HTMLElement {
    return dataTable(`${rows.length} datasets imported`, ['Dataset', 'Edition', 'Files (SHA-256)', 'Rows loaded', 'Imported'], rows.map((r) => h('tr', { 'data-dataset': r.id },
      h('td', {}, h('strong', {}, r.id), h('br'), r.title), h('td', {}, r.vintage),
      h('td', {}, ...r.files.flatMap((f, i) => [...(i ? [h('br')] : []), `${f.path.split('/').pop()} `, h('code', { title: f.sha256 }, f.sha256.slice(0, 12))])),
      h('td', {}, `${r.rows_loaded.toLocaleString('en-GB')}${r.rows_rejected ? ` (${r.rows_rejected} rejected)` : ''}`),
      h('td', {}, when(r.imported_at, '')))))
  }

  function show(job: ImportJob): void {
    const p = job.progress
    const share = p.steps ? (p.finished + (p.current && p.current.total ? p.current.done / p.current.total : 0)) / p.steps : 0
    bar.hidden = false
    bar.value = job.status === 'running' ? share : 1
    if (job.status === 'running') {
      status.textContent = p.current ? `Importing ${p.current.title} (${p.finished + 1} of ${p.steps})…` : `Importing (${p.finished} of ${p.steps} done)…`
      return
    }
    busy(false)
    if (job.status === 'failed') {
      status.textContent = 'The import failed. Nothing was changed: the previous data is still in place.'
      result.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, job.error ?? 'unknown error'))
      return
    }
    const changed = job.result?.datasets.filter((x) => x.status === 'imported').length ?? 0
    status.textContent = `Import finished: ${changed ? `${changed} dataset${changed === 1 ? '' : 's'} updated` : 'nothing changed (the files are the ones already imported)'}.`
    result.replaceChildren(h('ul', {}, ...(job.result?.datasets ?? []).map((x) =>
      h('li', { 'data-result': x.id }, `${x.id}: ${x.status}${x.loaded !== undefined && x.status === 'imported' ? `, ${x.loaded.toLocaleString('en-GB')} rows` : ''} in ${(x.ms / 1000).toFixed(1)} s`))))
    void load()
  }

  async function poll(id: string): Promise<void> {
    try {
      const job = await api.admin.importJob(id)
      if (d.isDisposed) return
      show(job)
      if (job.status === 'running') timer = setTimeout(() => void poll(id), POLL_MS)
    } catch (err) {
      busy(false)
      status.textContent = plainWords(err)
    }
  }

  d.listen(form, 'submit', (e) => {
    e.preventDefault()
    void (async () => {
      if (run.getAttribute('aria-disabled') === 'true') return
      busy(true)
      result.replaceChildren()
      try {
        const job = await api.admin.startImport({ ...(source.value ? { only: [source.value as never] } : {}), force: force.checked, acceptChanged: newer.checked })
        show(job)
        timer = setTimeout(() => void poll(job.id), POLL_MS)
      } catch (err) {
        busy(false)
        status.textContent = plainWords(err)
      }
    })()
  })
  return { el, load }
}
