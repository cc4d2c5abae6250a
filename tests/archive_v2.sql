-- The archive's tables at schema version 2 (briefing 0.x before identities and
-- revisions), kept to test the migration of older archives in place.
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT, published TEXT, publisher TEXT, url TEXT, path TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS extractions (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    is_bilateral INTEGER NOT NULL,
    pair TEXT,
    reason TEXT,
    data TEXT NOT NULL,
    extracted_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS extractions_pair ON extractions(pair);
CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    start INTEGER, "end" INTEGER, sentence TEXT
);
CREATE INDEX IF NOT EXISTS facts_article ON facts(article_id);
CREATE TABLE IF NOT EXISTS meetings (
    id TEXT PRIMARY KEY,
    date TEXT,
    pair TEXT NOT NULL,
    city TEXT, country TEXT, meeting_type TEXT, relationship_level TEXT,
    n_sources INTEGER NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS meetings_pair ON meetings(pair, date);
CREATE TABLE IF NOT EXISTS meeting_articles (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, article_id)
);
CREATE INDEX IF NOT EXISTS meeting_articles_article ON meeting_articles(article_id);
CREATE TABLE IF NOT EXISTS render_state (
    meeting_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    outputs TEXT NOT NULL DEFAULT '[]',
    rendered_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS holders (
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    office TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (name, state, office)
);
CREATE TABLE IF NOT EXISTS outbox (
    message_id TEXT PRIMARY KEY,
    meeting_ids TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
