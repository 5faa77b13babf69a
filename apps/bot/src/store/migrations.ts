/**
 * Versioned schema migrations, applied in order inside one transaction each; PRAGMA user_version
 * records the last one applied. Never edit a released migration: add a new one.
 * Money columns are TEXT holding decimal strings.
 */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE control_actions (
        id TEXT PRIMARY KEY, at INTEGER NOT NULL, action TEXT NOT NULL, source TEXT NOT NULL,
        before TEXT NOT NULL, after TEXT NOT NULL, detail TEXT
      );
      CREATE INDEX control_actions_at ON control_actions(at);
      CREATE TABLE errors (
        id TEXT PRIMARY KEY, at INTEGER NOT NULL, source TEXT NOT NULL, code TEXT NOT NULL,
        message TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX errors_at ON errors(at);
      CREATE TABLE intents (
        id TEXT PRIMARY KEY, proposal_id TEXT, position_id TEXT, purpose TEXT NOT NULL,
        symbol TEXT NOT NULL, status TEXT NOT NULL, order_id TEXT, created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL, body TEXT NOT NULL
      );
      CREATE INDEX intents_status ON intents(status);
      CREATE INDEX intents_proposal ON intents(proposal_id);
      CREATE INDEX intents_created ON intents(created_at);
      CREATE TABLE positions (
        id TEXT PRIMARY KEY, symbol TEXT NOT NULL, status TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, body TEXT NOT NULL
      );
      CREATE INDEX positions_status ON positions(status);
      CREATE TABLE fills (
        id TEXT PRIMARY KEY, order_id TEXT NOT NULL, client_order_id TEXT NOT NULL,
        symbol TEXT NOT NULL, position_id TEXT, time INTEGER NOT NULL, body TEXT NOT NULL
      );
      CREATE INDEX fills_time ON fills(time);
      CREATE INDEX fills_position ON fills(position_id);
      CREATE TABLE decisions (
        id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, symbol TEXT NOT NULL,
        final_decision TEXT NOT NULL, blocking_layer TEXT, body TEXT NOT NULL
      );
      CREATE INDEX decisions_created ON decisions(created_at);
      CREATE TABLE reconcile_runs (
        id TEXT PRIMARY KEY, started_at INTEGER NOT NULL, ok INTEGER NOT NULL, body TEXT NOT NULL
      );
      CREATE INDEX reconcile_runs_started ON reconcile_runs(started_at);
      CREATE TABLE idempotency (key TEXT PRIMARY KEY, intent_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
    `,
  },
  {
    version: 2,
    // Binance numbers orders and trades per symbol: an ETHUSDT fill sharing orderId and tradeId
    // with a BTCUSDT one was dropped as a repeat under the old `orderId:tradeId` key.
    name: 'fill ids keyed by symbol + orderId + tradeId',
    sql: `
      UPDATE fills SET id = symbol || ':' || id, body = json_set(body, '$.id', symbol || ':' || id)
        WHERE id NOT LIKE symbol || ':%';
    `,
  },
  {
    version: 3,
    // Decisions name their proposer (strategy + params id) so GET /decisions can filter on it.
    // Older rows: an operator's proposal is 'manual'; a strategy's takes the tag of the position
    // it opened; one that opened nothing cannot be told any more and says 'unknown'.
    name: 'decisions carry the strategy that proposed them',
    sql: `
      ALTER TABLE decisions ADD COLUMN strategy TEXT NOT NULL DEFAULT 'unknown';
      UPDATE decisions SET body = json_set(body, '$.strategy',
          CASE WHEN json_extract(body, '$.proposal.source') = 'MANUAL' THEN 'manual'
          ELSE COALESCE(
            (SELECT json_extract(p.body, '$.tags.strategy') FROM intents i JOIN positions p ON p.id = i.position_id
              WHERE i.id = json_extract(decisions.body, '$.intent_id')),
            'unknown')
          END)
        WHERE json_type(body, '$.strategy') IS NULL;
      UPDATE decisions SET body = json_set(body, '$.params_id',
          (SELECT json_extract(p.body, '$.tags.params_id') FROM intents i JOIN positions p ON p.id = i.position_id
            WHERE i.id = json_extract(decisions.body, '$.intent_id')))
        WHERE json_type(body, '$.params_id') IS NULL;
      UPDATE decisions SET strategy = json_extract(body, '$.strategy');
      CREATE INDEX decisions_strategy ON decisions(strategy, created_at);
      UPDATE fills SET body = json_set(body, '$.strategy',
          (SELECT json_extract(p.body, '$.tags.strategy') FROM positions p WHERE p.id = fills.position_id))
        WHERE json_type(body, '$.strategy') IS NULL;
    `,
  },
];
