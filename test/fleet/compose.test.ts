/**
 * docker-compose.yml without a Docker engine: read by a real YAML parser (PyYAML, Debian's
 * python3-yaml, which resolves the `<<` merge keys as Compose does), its settings parsed by the
 * app's own config module, and its nginx config checked by nginx itself (`nginx -t`, with the
 * replicas' host names pointed at loopback, since nothing resolves app1 here).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig, projectRoot, settings } from '../../server/config'
import { NGINX } from '../../server/fleet/fleet'
import { nginxConf, sharedProxyConf } from '../../server/fleet/nginxConf'

interface Service {
  image?: string
  command?: string[]
  environment?: Record<string, string>
  volumes?: string[]
  healthcheck?: { test: string[] }
  depends_on?: Record<string, { condition: string }>
  stop_grace_period?: string
}

const compose = JSON.parse(execFileSync('/usr/bin/python3', ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], {
  input: readFileSync(path.join(projectRoot, 'docker-compose.yml')), encoding: 'utf8',
})) as { services: Record<string, Service>; volumes: Record<string, unknown> }
const services = compose.services
const apps = Object.entries(services).filter(([, s]) => s.command?.join(' ') === 'npm start').map(([name]) => name)
const composeConf = readFileSync(path.join(projectRoot, 'deploy/nginx/compose.conf'), 'utf8')
const upstreamServers = (conf: string) => [...conf.matchAll(/^\s*server (\S+)( [^;]*)?;/gm)].map((m) => ({ addr: m[1], params: (m[2] ?? '').trim() }))

describe('docker-compose.yml: three app replicas behind nginx over one PostGIS', () => {
  it('runs three replicas of the app, a PostGIS, and nginx in front', () => {
    expect(apps).toEqual(['app1', 'app2', 'app3'])
    expect(services.db.image).toMatch(/^postgis\/postgis:15-3\.3/)
    expect(services.proxy.image).toMatch(/^nginx:1\.22/) // the version CI runs (Debian bookworm's)
  })

  it('gives every replica only settings server/config.ts declares, and they parse into a server-backend config behind a proxy', () => {
    for (const name of apps) {
      const env = services[name].environment!
      expect(Object.keys(env).filter((k) => !(k in settings)), name).toEqual([])
      const config = loadConfig(env)
      expect(config).toMatchObject({ backend: 'server', HOST: '0.0.0.0', PORT: 3000, TRUST_PROXY: true })
      expect(env).toEqual(services.app1.environment) // the same settings: one shared rate-limit scope, one database
    }
  })

  it('points the replicas at the db service, with its user, password and database', () => {
    const db = services.db.environment!
    const u = new URL(services.app1.environment!.DATABASE_URL)
    expect({ host: u.hostname, user: u.username, password: u.password, database: u.pathname.slice(1) })
      .toEqual({ host: 'db', user: db.POSTGRES_USER, password: db.POSTGRES_PASSWORD, database: db.POSTGRES_DB })
    expect(services.db.healthcheck!.test.join(' ')).toMatch(new RegExp(`pg_isready -U ${db.POSTGRES_USER} -d ${db.POSTGRES_DB}`))
  })

  it('checks each replica on /health/ready at its PORT, and lets docker stop wait longer than SHUTDOWN_GRACE_MS', () => {
    for (const name of apps) {
      const s = services[name]
      expect(s.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${s.environment!.PORT}/health/ready`)
      const grace = Number(/^(\d+)s$/.exec(s.stop_grace_period!)![1]) * 1000
      expect(grace).toBeGreaterThan(loadConfig(s.environment!).SHUTDOWN_GRACE_MS)
    }
  })

  it('starts app1 alone on a healthy database (it migrates and imports), the other replicas after it, and the proxy after all three', () => {
    expect(services.app1.depends_on).toEqual({ db: { condition: 'service_healthy' }, setup: { condition: 'service_completed_successfully' } })
    for (const name of ['app2', 'app3']) expect(services[name].depends_on).toEqual({ app1: { condition: 'service_healthy' } })
    expect(services.proxy.depends_on).toEqual(Object.fromEntries(apps.map((a) => [a, { condition: 'service_healthy' }])))
  })

  it('mounts nginx config files that exist, and its upstream names each replica at its PORT with the same passive checks as npm run fleet', () => {
    const mounts = services.proxy.volumes!.map((v) => v.split(':'))
    for (const [src] of mounts) expect(existsSync(path.join(projectRoot, src)), src).toBe(true)
    const target = (file: string) => mounts.find(([src]) => path.resolve(projectRoot, src) === file)?.[1]
    expect(target(path.join(projectRoot, 'deploy/nginx/compose.conf'))).toBe('/etc/nginx/conf.d/default.conf')
    expect(composeConf).toContain(`include ${target(sharedProxyConf)};`)
    const servers = upstreamServers(composeConf)
    expect(servers.map((s) => s.addr)).toEqual(apps.map((a) => `${a}:${services[a].environment!.PORT}`))
    const fleet = upstreamServers(nginxConf({ dir: '/tmp/x', port: 8080, nodes: ['127.0.0.1:3001'] }))
    for (const s of servers) expect(s.params).toBe(fleet[0].params)
  })

  it('has an nginx config that nginx accepts', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-compose-nginx-'))
    try {
      const conf = composeConf.replace(/server app\d:/g, 'server 127.0.0.1:').replace('include /etc/nginx/atlas-proxy.conf;', `include ${sharedProxyConf};`).replace('listen 80;', 'listen 127.0.0.1:1;')
      writeFileSync(path.join(dir, 'default.conf'), conf)
      writeFileSync(path.join(dir, 'nginx.conf'), `pid ${dir}/nginx.pid;\nevents {}\nhttp {\n  include ${dir}/default.conf;\n}\n`)
      const r = spawnSync(NGINX, ['-t', '-e', path.join(dir, 'error.log'), '-p', dir, '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' })
      expect(r.stderr).toMatch(/test is successful/)
      expect(r.status).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
