#!/usr/bin/env bash
# The README's first promise on a clean clone with no ../shared beside it: `npm install && npm start`
# imports the shipped geodata/raw and serves the full map. Clones the committed tree into an empty
# temporary folder, runs the two commands, checks real figures over HTTP, then times a second start.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
pid="" ms=0
# Never `kill 0` (that signals this whole process group, CI included): only the group we started.
stop_server() {
  if [ -n "$pid" ]; then kill -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi
  # npm passes the signal on to the server; the next start must not meet it still holding the port.
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 || return 0; sleep 0.2; done
  echo "clean-clone: the server still answers after npm start was stopped" >&2; return 1
}
trap 'stop_server; rm -rf "$tmp"' EXIT
git clone -q --no-local "$repo" "$tmp/locality-atlas"
cd "$tmp/locality-atlas"
[ ! -e ../shared ] || { echo "clean-clone: ../shared exists beside the clone" >&2; exit 1; }
npm install --prefer-offline --no-audit --no-fund >/dev/null 2>&1
port=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")

# Runs in this shell (not a $(...) subshell) so that $pid stays known; the time lands in $ms.
start_and_wait() {
  local log=$1 t0
  t0=$(date +%s%N)
  # Its own process group, so that stopping it reaches npm, tsx and the server alike.
  PORT=$port setsid npm start >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
      ms=$(( ($(date +%s%N) - t0) / 1000000 ))
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.5
  done
  cat "$log" >&2
  return 1
}

start_and_wait "$tmp/first.log"; first=$ms
body=$(curl -fsS "http://127.0.0.1:$port/api/areas/borough?indicators=imd_score_2025,imd_share_10_2025,fp_pct_2022&geometry=false")
node -e '
  const fc = JSON.parse(process.argv[1]); const p = fc.features[0].properties
  const ok = p.imd_score_2025 > 30.30 && p.imd_score_2025 < 30.31 && Math.abs(p.imd_share_10_2025 - 200 / 115) < 1e-9 && Math.abs(p.fp_pct_2022 - 13.4337) < 1e-3
  console.log(`clean-clone: borough IMD 2025 ${p.imd_score_2025.toFixed(3)}, share in most deprived 10% ${p.imd_share_10_2025.toFixed(2)}%, fuel poverty 2022 ${p.fp_pct_2022.toFixed(3)}%`)
  if (!ok) process.exit(1)' "$body"
n=$(curl -fsS "http://127.0.0.1:$port/api/areas/lsoa21?indicators=imd_score_2025&geometry=false" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).features.filter(f=>typeof f.properties.imd_score_2025==="number").length))')
[ "$n" = 115 ] || { echo "clean-clone: $n of 115 LSOAs have IMD 2025" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port/" | grep -q '<title>Locality Atlas' || { echo "clean-clone: no map page" >&2; exit 1; }
tile=$(curl -fsS -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/tiles/lsoa21/12/2049/1361.pbf")
[ "$tile" -gt 1000 ] || { echo "clean-clone: lsoa21 tile has $tile bytes" >&2; exit 1; }
stop_server
start_and_wait "$tmp/second.log"; second=$ms
stop_server
echo "clean-clone: no ../shared; first npm start to healthy ${first} ms (imports the shipped data), second ${second} ms; 115 LSOAs with IMD 2025; z12 tile ${tile} bytes"
