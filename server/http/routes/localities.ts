import { Router } from 'express'
import { getLocalityProfile } from '../../domain/profile'
import { getLocalityOverview } from '../../domain/overview'
import type { AppDeps } from '../app'
import { route } from '../route'
import { localityPath, overviewQuery, profileQuery, reportQuery } from '../contract/localities'
import { profileDataset, profileRankingDataset } from '../../domain/exports/areas'
import { RESOURCE_FORMATS } from '../../exports/formats'
import { mediaTypes, sendExport } from '../export'
import { getLocalityReport } from '../../domain/report'
import { PdfUnavailable } from '../errors'
import { localityReportHtml } from '../report/localityReport'

export function localityRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/localities', tags: ['localities'],
    summary: 'The localities ranked by need (worst first) on an indicator, with headline figures and a sentence each',
    query: overviewQuery,
    handler: async ({ query }, _req, res) => {
      res.json(await getLocalityOverview(deps.db, query.indicator))
    },
  })
  route(r, {
    method: 'get', path: '/api/localities/:code/profile', tags: ['localities'],
    summary: 'A locality beside the borough, London and England for every indicator; its LSOAs ranked; a plain summary',
    params: localityPath,
    query: profileQuery,
    produces: mediaTypes(['json', ...RESOURCE_FORMATS.profile]),
    handler: async ({ params, query }, req, res) => {
      const p = await getLocalityProfile(deps.db, params.code, query.rank)
      if (query.format === 'json') res.json(p)
      else await sendExport(req, res, query.format, query.table === 'lsoas' ? profileRankingDataset(p) : profileDataset(p))
    },
  })
  for (const kind of ['html', 'pdf'] as const) {
    route(r, {
      method: 'get', path: `/api/localities/:code/report.${kind}`, tags: ['localities'],
      summary: kind === 'pdf'
        ? 'The printable A4 locality report as PDF (rendered by headless Chromium from the report page)'
        : 'The printable A4 locality report as one self-contained HTML page: map, where need is greatest, every indicator against borough, London and England, ranked LSOAs, assets, sources',
      params: localityPath,
      query: reportQuery,
      produces: [kind === 'pdf' ? 'application/pdf' : 'text/html'],
      handler: async ({ params, query }, _req, res) => {
        const report = await getLocalityReport(deps.db, params.code, query.rank)
        const html = localityReportHtml(report)
        if (kind === 'html') {
          res.type('text/html; charset=utf-8').send(html)
          return
        }
        if (!deps.pdf) throw new PdfUnavailable()
        const pdf = await deps.pdf.render(html, `Locality profile: ${report.profile.locality.name.replace(/[<>&]/g, '')} · locality-atlas · ${report.generatedAt.slice(0, 10)}`)
        res.type('application/pdf').set('Content-Disposition', `attachment; filename="locality-report-${report.profile.locality.code}.pdf"`).send(pdf)
      },
    })
  }
  return r
}
