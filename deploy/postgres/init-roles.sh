#!/bin/bash
# One PostgreSQL role per service, owning that service's database and able to connect to no
# other: a service that is compromised, or a bug, reaches its own data only. The postgres
# image runs this once, on an empty data directory (/docker-entrypoint-initdb.d), as the
# superuser; Kubernetes regions run the same statements as their database operator step.
#
#   <SERVICE>_DB_PASSWORD   each service's password (NETWORK_DB_PASSWORD, BOOKING_DB_PASSWORD,
#                           FORMS_DB_PASSWORD, NOTIFY_DB_PASSWORD, CHAT_DB_PASSWORD); required,
#                           never defaulted
#   FC_DB_SERVICES          the services (default: network booking forms notify chat)
#
# The superuser stays the operators' own: no service connects as it, and migrations run as
# each service's role (familjecentret migrate --service <service>).
set -euo pipefail

services="${FC_DB_SERVICES:-network booking forms notify chat}"
psql_admin=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}"
            --dbname postgres)

for service in $services; do
  variable="${service^^}_DB_PASSWORD"
  password="${!variable:-}"
  if [[ -z "$password" ]]; then
    echo "init-roles: $variable is not set" >&2
    exit 1
  fi
  # psql's :"name" and :'value' quote the identifier and the literal; the password travels
  # as a psql variable, never on a command line that `ps` shows.
  "${psql_admin[@]}" -v service="$service" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'service', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'service') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'service', :'service')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'service') \gexec
-- A re-run brings what exists into line too: a rotated password takes effect, and a
-- database made earlier by someone else passes to the service's role.
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'service', :'password') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'service', :'service') \gexec
-- PUBLIC may connect to every new database by default: only the owner may connect here.
REVOKE ALL ON DATABASE :"service" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"service" TO :"service";
SQL
done

# Nor may the service roles open the maintenance databases (PUBLIC can, by default).
"${psql_admin[@]}" <<'SQL'
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT ON DATABASE template1 FROM PUBLIC;
SQL
