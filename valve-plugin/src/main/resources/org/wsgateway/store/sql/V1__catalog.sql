-- ws-gateway catalog schema, version 1. Applied once by SchemaMigrations, in one transaction.
-- Each entity is a row: the columns it is found and checked by, and its fields in the catalog's own form (body,
-- one XML element written by CatalogXml), so the list of fields stays in one place (api.CatalogFields).

-- One row: the catalog's revision, raised by every save; a save made on an older revision is refused.
CREATE TABLE wsg_catalog (
    id          integer     PRIMARY KEY CHECK (id = 1),
    revision    bigint      NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  text        NOT NULL DEFAULT ''
);
INSERT INTO wsg_catalog (id, revision) VALUES (1, 0);

CREATE TABLE wsg_gateway (
    name        text    PRIMARY KEY,
    position    integer NOT NULL,
    row_version bigint  NOT NULL DEFAULT 1,
    body        text    NOT NULL
);

CREATE TABLE wsg_plan (
    name        text    PRIMARY KEY,
    position    integer NOT NULL,
    row_version bigint  NOT NULL DEFAULT 1,
    body        text    NOT NULL
);

CREATE TABLE wsg_api (
    id          text    PRIMARY KEY,
    context     text    NOT NULL,
    version     text    NOT NULL,
    name        text    NOT NULL,
    lifecycle   text    NOT NULL,
    position    integer NOT NULL,
    row_version bigint  NOT NULL DEFAULT 1,
    body        text    NOT NULL,
    UNIQUE (context, version) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE wsg_application (
    id          text    PRIMARY KEY,
    owner       text    NOT NULL,
    name        text    NOT NULL,
    position    integer NOT NULL,
    row_version bigint  NOT NULL DEFAULT 1,
    body        text    NOT NULL
);

CREATE TABLE wsg_subscription (
    id             text    PRIMARY KEY,
    application_id text    NOT NULL REFERENCES wsg_application (id) ON DELETE CASCADE,
    api_id         text    NOT NULL,
    status         text    NOT NULL,
    position       integer NOT NULL,
    row_version    bigint  NOT NULL DEFAULT 1,
    body           text    NOT NULL
);

-- An API key as stored: its SHA-256 hash, never the key.
CREATE TABLE wsg_api_key (
    id             text    PRIMARY KEY,
    application_id text    NOT NULL REFERENCES wsg_application (id) ON DELETE CASCADE,
    key_hash       text    NOT NULL UNIQUE DEFERRABLE INITIALLY DEFERRED,
    position       integer NOT NULL,
    row_version    bigint  NOT NULL DEFAULT 1,
    body           text    NOT NULL
);

-- Who changed what, written in the transaction of the change itself.
CREATE TABLE wsg_audit (
    id        bigserial   PRIMARY KEY,
    time      timestamptz NOT NULL DEFAULT now(),
    node      text        NOT NULL,
    user_name text        NOT NULL,
    action    text        NOT NULL,
    target    text        NOT NULL,
    revision  bigint      NOT NULL
);

-- The nodes of the cluster: each writes its heartbeat and live connection count.
CREATE TABLE wsg_node (
    name        text        PRIMARY KEY,
    started_at  timestamptz NOT NULL,
    heartbeat   timestamptz NOT NULL,
    connections integer     NOT NULL DEFAULT 0
);
