#!/usr/bin/env bash
# Roll the online store front end back to the on-prem origin.
set -euo pipefail
RG=rg-store-edge-prod
PROFILE=afd-tt-store-prod

az deployment group create -g "$RG" \
  --template-file "$(dirname "$0")/frontdoor-origins.bicep" \
  --parameters profileName="$PROFILE" rollback=true

az afd endpoint purge -g "$RG" --profile-name "$PROFILE" \
  --endpoint-name store --content-paths '/*'

echo "Watch the on-prem load balancer: sessions should climb within 5 minutes."
