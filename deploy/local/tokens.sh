# Sourced by run.sh and demo.sh: an access token for a user of the local Keycloak (realm livelihood), by the
# password grant of the livelihood-cli client. Every local user has the password in .local-stack/keycloak/password.
#   token USERNAME    planner, supervisor, dashboard, operator, or a lead unit's id (e.g. qz-jyj)
token() {
  curl -fsS -d grant_type=password -d client_id=livelihood-cli -d username="$1" \
    --data-urlencode password="$(cat "$STATE/keycloak/password")" \
    "http://127.0.0.1:${KEYCLOAK_PORT:-8180}/realms/livelihood/protocol/openid-connect/token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
