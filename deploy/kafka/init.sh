#!/bin/bash
# The compose cluster's operator step, run once per `docker compose up` by `kafka-init`, as
# the broker's super user over the operators' listener (kafka:9094, never the services'):
#   1. a SCRAM-SHA-512 user per service principal, with its password from the environment;
#   2. deploy/kafka/acls.sh: every topic, and each principal's ACLs, generated from the event
#      contracts (python -m familjecentret.acls).
# Everything is idempotent, so a restart repeats it harmlessly.
#
#   KAFKA_ADMIN_PASSWORD          the super user `admin`'s password (PLAIN, operators only)
#   KAFKA_PASSWORD_<PRINCIPAL>    each principal's SCRAM password (KAFKA_PASSWORD_BOOKING, ...)
#                                 letters and digits only: kafka-configs reads `,` `[` `]` `=`
set -euo pipefail

: "${KAFKA_ADMIN_PASSWORD:?}"
export KAFKA_BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9094}"
export KAFKA_COMMAND_CONFIG=/tmp/admin.properties
bin=/opt/kafka/bin
acls=/deploy/kafka/acls.sh

# The admin's client settings, written here so the password is in no file of the repository.
umask 077
cat > "$KAFKA_COMMAND_CONFIG" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}";
ssl.truststore.type=PEM
ssl.truststore.location=/etc/kafka/secrets/ca.crt
EOF

until "$bin/kafka-broker-api-versions.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" \
    --command-config "$KAFKA_COMMAND_CONFIG" >/dev/null 2>&1; do
  echo "waiting for the broker"
  sleep 2
done

# The principals are the ones the generated ACLs name, so a new service's user cannot be
# forgotten here either: without its password variable this step fails.
principals=$(awk '$1 == "allow" { print $2 }' "$acls" | sort -u)
for principal in $principals; do
  variable="KAFKA_PASSWORD_${principal^^}"
  password="${!variable:-}"
  if [[ ! "$password" =~ ^[A-Za-z0-9]{16,}$ ]]; then
    echo "kafka-init: $variable must be set: 16 or more letters and digits" >&2
    exit 1
  fi
  "$bin/kafka-configs.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" \
    --command-config "$KAFKA_COMMAND_CONFIG" --alter --entity-type users \
    --entity-name "$principal" --add-config "SCRAM-SHA-512=[password=${password}]" >/dev/null
  echo "SCRAM user $principal"
done

sh "$acls"
echo "topics and ACLs applied"
