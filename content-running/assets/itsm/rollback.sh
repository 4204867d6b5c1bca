#!/usr/bin/env bash
# Roll back the IT service desk to the on-prem server.
# Usage: ./rollback.sh <export-file.csv>
set -euo pipefail

ZONE="corp.tailwindtraders.co.uk"
RECORD="servicedesk"
ONPREM_HOST="rdg-itsm01.${ZONE}"
EXPORT="${1:?export file with tickets raised since cutover}"

echo "[1/3] Azure instance to read-only"
az webapp config appsettings set -g rg-itsm-prod -n tt-itsm-prod \
  --settings SERVICEDESK_READ_ONLY=true >/dev/null

echo "[2/3] CNAME ${RECORD}.${ZONE} -> ${ONPREM_HOST}"
nsupdate -g <<NSU
server rdg-dc01.${ZONE}
update delete ${RECORD}.${ZONE} CNAME
update add ${RECORD}.${ZONE} 300 CNAME ${ONPREM_HOST}.
send
NSU

echo "[3/3] Re-import $(($(wc -l < "${EXPORT}") - 1)) tickets"
ssh "svc-itsm@${ONPREM_HOST}" "/opt/itsm/bin/import-tickets --dedupe" < "${EXPORT}"
echo "Done. Ask the service desk to refresh their browsers."
