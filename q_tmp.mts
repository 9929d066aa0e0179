import { connect } from './server/db/connect'
import { loadConfig } from './server/config'
async function main() {
  const cfg = loadConfig({ ...process.env, DATA_DIR: '/tmp/atlas-try' } as NodeJS.ProcessEnv)
  const db = await connect(cfg as never)
  const q = async (sql: string) => console.log(sql.slice(0, 90), JSON.stringify((await db.knex.raw(sql)).rows))
  await q(`SELECT indicator_id, level, code, value, numerator, denominator, method FROM indicator_values WHERE indicator_id IN ('imd_score_2025','imd_share_10_2025','income_score_2025','fp_pct_2022','idaci_rate_2025','idaopi_rate_2025') AND level IN ('borough','region','country') ORDER BY 1,2`)
  await q(`SELECT value FROM indicator_values WHERE indicator_id='imd_score_2025' AND code='E01000061' AND level='lsoa21'`)
  await q(`SELECT code, value FROM indicator_values WHERE indicator_id='imd_score_2025' AND level='lsoa21' ORDER BY value DESC LIMIT 2`)
  await q(`SELECT value, count(*) FROM indicator_values WHERE indicator_id='imd_decile_move_2019_2025' GROUP BY 1 ORDER BY 1`)
  await q(`SELECT count(*), min(value), max(value) FROM indicator_values WHERE indicator_id='imd_rank_move_2019_2025'`)
  await q(`SELECT domain, average_score, rank_of_average_score, rank_of_average_rank FROM lad_summaries WHERE lad_code='E09000002' ORDER BY 1`)
  await q(`SELECT count(*) FROM lad_summaries`)
  await q(`SELECT count(*) FROM lsoa_centroids`)
  await q(`SELECT level, code, value FROM indicator_values WHERE indicator_id='imd_score_2019' AND level <> 'lsoa21' AND level <> 'lsoa11' ORDER BY 1`)
  await db.close()
}
main()
