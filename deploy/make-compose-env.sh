#!/bin/sh
# Print a compose .env with a fresh random password for every principal and role:
#   deploy/make-compose-env.sh > .env
# Letters and digits only (kafka-configs and JAAS read some punctuation as syntax). Each
# service gets its own Kafka and PostgreSQL password, and forms and chat each their own master
# key for field encryption (32 random bytes, base64, under the id k1); notify and the SMS sink share the
# gateway's token and its report secret. Keep .env out of version control.
set -eu
secret() { openssl rand -hex 24; }
for name in KAFKA_ADMIN_PASSWORD KAFKA_KEYSTORE_PASSWORD \
            KAFKA_PASSWORD_NETWORK KAFKA_PASSWORD_BOOKING KAFKA_PASSWORD_FORMS \
            KAFKA_PASSWORD_NOTIFY KAFKA_PASSWORD_CHAT KAFKA_PASSWORD_ANALYTICS \
            POSTGRES_PASSWORD NETWORK_DB_PASSWORD BOOKING_DB_PASSWORD FORMS_DB_PASSWORD \
            NOTIFY_DB_PASSWORD CHAT_DB_PASSWORD SMS_GATEWAY_TOKEN SMS_REPORT_SECRET; do
  echo "$name=$(secret)"
done
echo "FORMS_FIELD_KEY_ID=k1"
echo "FORMS_FIELD_KEYS=k1:$(openssl rand -base64 32)"
echo "CHAT_FIELD_KEY_ID=k1"
echo "CHAT_FIELD_KEYS=k1:$(openssl rand -base64 32)"
