#!/bin/sh
# Compose mounts each secret as a file; the services read their settings from the environment.
# This exports every /run/secrets file named like an environment variable (DATASOURCE_PASSWORD)
# as that variable, then starts the service as the image does (deploy/docker/Dockerfile's
# ENTRYPOINT). So no secret is written in compose.yaml, in an image or on a command line.
# Files with other names (the signing key's JWK set) stay files, named by a path setting.
set -eu
for file in /run/secrets/*; do
  name=$(basename "$file")
  case "$name" in
    *[!A-Z0-9_]*) continue ;;
  esac
  export "$name=$(cat "$file")"
done
exec java $JAVA_OPTS -cp '/app/classes:/app/lib/*' "$MAIN_CLASS"
