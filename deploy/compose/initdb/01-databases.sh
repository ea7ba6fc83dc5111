#!/bin/sh
# Runs once, when PostgreSQL's data directory is first initialised. Each service gets a role of
# its own that owns its database and nothing else: no superuser, no rights on the others'
# databases (PUBLIC's default CONNECT is revoked). Passwords come from the compose secrets, never
# from this file.
set -eu
for db in ledger router notifier; do
  password=$(cat "/run/secrets/${db}-db-password")
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$db" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
GRANT ALL ON DATABASE :"role" TO :"role";
SQL
done
