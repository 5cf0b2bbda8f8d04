#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory: a login role per service and its database, owned by
# that role alone, so no service can write another's data. The passwords come from the compose environment.
set -euo pipefail
for service in project progress notification; do
  var="${service^^}_DB_PASSWORD"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v role="livelihood_$service" -v password="${!var}" <<'SQL'
create role :"role" login password :'password';
create database :"role" owner :"role" encoding 'UTF8' template template0;
revoke all on database :"role" from public;
SQL
done
