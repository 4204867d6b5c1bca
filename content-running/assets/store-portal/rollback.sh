#!/usr/bin/env bash
# Store portal rollback: DNS back on-prem, then copy tasks created in Azure.
set -euo pipefail
az network private-dns record-set a update -g rg-dns-prod -z corp.tailwindtraders.co.uk \
  -n storeportal --set "aRecords[0].ipv4Address=10.20.6.21"
az webapp ssh -g rg-storeportal-prod -n tt-storeportal --command \
  "python manage.py export_tasks --since-cutover --out /home/tasks.json"
scp tt-storeportal:/home/tasks.json ./tasks.json
ssh rdg-portal01 "cd /srv/portal && python manage.py import_tasks" < tasks.json
