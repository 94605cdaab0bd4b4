#!/usr/bin/env bash
# Prints an access token from the local Keycloak for a role: viewer, incident-manager, supervisor, admin, ingest,
# servicenow. Every token carries the API's audience (connectops-api), added by the clients' audience mappers.
#   TOKEN=$(infra/bin/token.sh admin); curl -H "Authorization: Bearer $TOKEN" http://localhost:8082/api/v1/rules
# Users are named after their role with the role as password (local realm only); `ingest` and `servicenow` use
# the machine clients connectops-ingest and connectops-servicenow (client-credentials grant), as the real callers do.
set -euo pipefail
ROLE=${1:?usage: token.sh viewer|incident-manager|supervisor|admin|ingest|servicenow}
URL=http://localhost:${KEYCLOAK_PORT:-8180}/realms/connectops/protocol/openid-connect/token
if [ "$ROLE" = ingest ]; then
  response=$(curl -sf -d grant_type=client_credentials -d client_id=connectops-ingest \
    -d client_secret="${CONNECTOPS_INGEST_SECRET:-ingest-dev-secret}" "$URL")
elif [ "$ROLE" = servicenow ]; then
  response=$(curl -sf -d grant_type=client_credentials -d client_id=connectops-servicenow \
    -d client_secret="${CONNECTOPS_SERVICENOW_SECRET:-servicenow-dev-secret}" "$URL")
else
  response=$(curl -sf -d grant_type=password -d client_id=connectops-cli -d username="$ROLE" -d password="$ROLE" "$URL")
fi
printf '%s' "$response" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
