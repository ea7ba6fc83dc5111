-- Each service owns its database; none reads another's.
CREATE DATABASE ledger;
CREATE DATABASE router;
CREATE DATABASE notifier;
