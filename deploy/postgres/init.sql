-- Roles, schemas and grants of the netzwerkstatt database.
--
-- One login role per service and one for the gateway; each owns the schema of its name and may
-- use nothing else (no public schema, no other schema, no other database, no temporary tables
-- outside its own connection rights). Run as a superuser, connected to the database
-- "netzwerkstatt" (netzwerkstatt.topology.DATABASE_NAME), passing every password as a psql variable:
--
--   psql -d netzwerkstatt -v ON_ERROR_STOP=1 \
--        -v registry_password=... -v events_password=... -v feedback_password=... \
--        -v notifications_password=... -v gateway_password=... -f init.sql
--
-- Idempotent: it is applied on every start of the embedded stack, and again is harmless.
\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I LOGIN', principal)
FROM unnest(ARRAY['registry', 'events', 'feedback', 'notifications', 'gateway']) AS principal
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = principal)
\gexec

-- Passwords are (re)set on every run so a changed secret takes effect.
ALTER ROLE registry WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'registry_password';
ALTER ROLE events WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'events_password';
ALTER ROLE feedback WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'feedback_password';
ALTER ROLE notifications WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'notifications_password';
ALTER ROLE gateway WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'gateway_password';

-- Only the five roles may connect, and only to this database; nobody gets TEMP by default.
REVOKE ALL ON DATABASE netzwerkstatt FROM PUBLIC;
GRANT CONNECT ON DATABASE netzwerkstatt TO registry, events, feedback, notifications, gateway;
REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC;

-- The public schema is nobody's playground.
REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS registry AUTHORIZATION registry;
CREATE SCHEMA IF NOT EXISTS events AUTHORIZATION events;
CREATE SCHEMA IF NOT EXISTS feedback AUTHORIZATION feedback;
CREATE SCHEMA IF NOT EXISTS notifications AUTHORIZATION notifications;
CREATE SCHEMA IF NOT EXISTS gateway AUTHORIZATION gateway;

-- A schema that already existed keeps (or gets back) its rightful owner.
ALTER SCHEMA registry OWNER TO registry;
ALTER SCHEMA events OWNER TO events;
ALTER SCHEMA feedback OWNER TO feedback;
ALTER SCHEMA notifications OWNER TO notifications;
ALTER SCHEMA gateway OWNER TO gateway;

-- Unqualified names resolve to the role's own schema.
ALTER ROLE registry IN DATABASE netzwerkstatt SET search_path = registry;
ALTER ROLE events IN DATABASE netzwerkstatt SET search_path = events;
ALTER ROLE feedback IN DATABASE netzwerkstatt SET search_path = feedback;
ALTER ROLE notifications IN DATABASE netzwerkstatt SET search_path = notifications;
ALTER ROLE gateway IN DATABASE netzwerkstatt SET search_path = gateway;
