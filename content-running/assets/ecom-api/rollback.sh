#!/usr/bin/env bash
# Swap the Commerce API backend in API Management back to the on-prem pool.
set -euo pipefail
RG=rg-store-api-prod
APIM=apim-tt-prod

for api in catalogue basket checkout; do
  az apim api update -g "$RG" -n "$APIM" --api-id "$api" \
    --service-url "https://api-rdg.tailwindtraders.co.uk/${api}"
done

# Stop taking traffic on the App Service slots, but keep them for the investigation.
az webapp stop -g "$RG" -n tt-commerce-api

# Orders that failed during the switch are in the dead-letter queue.
az servicebus queue show -g "$RG" --namespace-name sb-tt-orders -n orders \
  --query "countDetails.deadLetterMessageCount"
echo "Replay dead-lettered orders with: orders-replay --source deadletter --target onprem"
