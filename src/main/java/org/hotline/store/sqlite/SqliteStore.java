package org.hotline.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.hotline.ConflictException;
import org.hotline.NotFoundException;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageRecord;
import org.hotline.link.Peer;
import org.hotline.link.PeerDirectory;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.record.RecordStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file in WAL mode with {@code synchronous=FULL}, so a committed
 * transaction survives power loss. Writes are serialized by one lock (SQLite has one writer
 * anyway); reads run concurrently on pooled connections. Thread-safe.
 */
public final class SqliteStore implements LinkStore, PeerDirectory, RecordStore, AutoCloseable {
  /** Readers and the writer; SQLite serializes writers, so more connections only add memory. */
  static final int CONNECTIONS_MAX = 4;

  /** How long a writer waits for another process's lock (the CLI adding a peer) before failing. */
  static final int BUSY_TIMEOUT_MILLIS = 10_000;

  /**
   * The page size of a store this code creates (an existing store keeps its own until a {@code
   * VACUUM}, docs/operations.md §10). A 1.3 KB entry of a message with a 1 KiB body fills a third
   * of a 4 KiB page; with 16 KiB pages a log is read with a quarter of the reads, and {@code
   * hotline verify} of a million entries took 0.3 s less (docs/BENCHMARKS.md, "Record").
   */
  static final int PAGE_SIZE_BYTES = 16_384;

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ObjectMapper json;
  private final SqliteWatchStore watch;
  private final SqliteWitnessStore witness;
  private final WalCheckpointer checkpointer;
  private final CommitCounter commits;

  /**
   * Each peer as last read, with the text it was read from: every batch sent and received looks its
   * peer up, and reading the identity card's JSON each time took 4-5 % of each node's CPU under
   * load. A row whose text changed (another process, the CLI, changed the peer) is read again. One
   * entry per party ever read.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, ParsedPeer> parsedPeers =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** {@link #storesUtf8}, asked once: a file's encoding is fixed when it is made. */
  private final boolean utf8;

  private SqliteStore(
      HikariDataSource dataSource, CommitCounter commits, ObjectMapper json, String name) {
    this.dataSource = dataSource;
    this.commits = commits;
    this.jdbi = Jdbi.create(dataSource).setTransactionHandler(commits.transactionHandler());
    this.checkpointer = WalCheckpointer.start(jdbi, name, commits::hookedCommits);
    this.json = json;
    this.watch = new SqliteWatchStore(jdbi, writeLock);
    this.witness = new SqliteWitnessStore(jdbi, writeLock);
    this.utf8 = jdbi.withHandle(SqliteStore::storesUtf8);
  }

  /**
   * Whether the database keeps text in UTF-8, as every store this code creates does; fixed when the
   * file was made. A store can be rewritten in UTF-16 (SQLite supports both), and then a text
   * column fetched as bytes is UTF-16: a body whose bytes equal the signed body's UTF-8 could show
   * other text, so verification compares bytes only where this holds.
   */
  static boolean storesUtf8(Handle handle) {
    return "UTF-8".equals(handle.createQuery("PRAGMA encoding").mapTo(String.class).one());
  }

  private RecordReads reads(Handle handle) {
    return new RecordReads(handle, utf8);
  }

  /** The watch's timers and notifications, in the same file and under the same write lock. */
  public org.hotline.watch.WatchStore watchStore() {
    return watch;
  }

  /** The internal notes on shared objects, in the same file and under the same write lock. */
  public org.hotline.crisis.InternalNoteStore internalNoteStore() {
    return new SqliteInternalNotes(jdbi, writeLock);
  }

  /** What this node cosigned as a witness, in the same file and under the same write lock. */
  public org.hotline.witness.WitnessStore witnessStore() {
    return witness;
  }

  /**
   * What witnesses cosigned of this node's own logs, in the same file and under the same write
   * lock.
   */
  public org.hotline.witness.WitnessCosignatures witnessCosignatureStore() {
    return witness;
  }

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  public static SqliteStore open(Path file, ObjectMapper json) {
    SQLiteConfig config = new SQLiteConfig();
    createIfMissing(file);
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    // The log is copied into the database by WalCheckpointer, not inside a commit.
    config.setWalAutocheckpoint(0);
    config.setJournalSizeLimit(WalCheckpointer.JOURNAL_SIZE_LIMIT_BYTES);
    config.enforceForeignKeys(true);
    CommitCounter commits = new CommitCounter();
    SQLiteDataSource sqlite = commits.dataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(sqlite);
    pool.setMaximumPoolSize(CONNECTIONS_MAX);
    pool.setPoolName("sqlite-" + file.getFileName());
    HikariDataSource dataSource = new HikariDataSource(pool);
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/sqlite")
        .load()
        .migrate();
    return new SqliteStore(dataSource, commits, json, String.valueOf(file.getFileName()));
  }

  /**
   * The database holds every message sent and received: a new file is made readable by its owner
   * only, whatever the umask, before SQLite opens it. SQLite gives its {@code -wal} and {@code
   * -shm} files the mode of the database file, so they are 0600 too.
   */
  private static void createOwnerOnly(Path file) throws java.io.IOException {
    try {
      Files.createFile(
          file,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // made by another process that opened the same new store at the same moment
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: SQLite creates the file with the system's defaults
    }
  }

  /**
   * A page size holds only if set before the file's first page is written; the pool's connections
   * switch to WAL as they open, which writes it. So a new file is made here first, on a connection
   * of its own.
   */
  private static void createIfMissing(Path file) {
    try {
      if (Files.exists(file) && Files.size(file) > 0) {
        return;
      }
      createOwnerOnly(file);
      try (java.sql.Connection connection =
              java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
          java.sql.Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
        statement.execute("PRAGMA page_size = " + PAGE_SIZE_BYTES);
        statement.execute("PRAGMA journal_mode = WAL");
      }
    } catch (java.io.IOException | java.sql.SQLException e) {
      throw new IllegalStateException("cannot create " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T write(Function<Writes, T> work) {
    writeLock.lock();
    try {
      return jdbi.inTransaction(handle -> work.apply(new SqliteWrites(handle)));
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs {@code work} in one durable transaction, serialized with every other write. */
  <T> T transaction(Function<Handle, T> work) {
    writeLock.lock();
    try {
      return jdbi.inTransaction(work::apply);
    } finally {
      writeLock.unlock();
    }
  }

  <T> T read(Function<Handle, T> work) {
    return jdbi.withHandle(work::apply);
  }

  /** The console's users, audit log, releases and alarm acknowledgements, in this same database. */
  public SqliteConsoleStore consoleStore() {
    return new SqliteConsoleStore(this);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Optional<LogHead> logHead(LogOrigin log) {
    return jdbi.withHandle(handle -> Rows.logHead(handle, log));
  }

  @Override
  public List<StoredEntry> entries(LogOrigin log, long fromSeq, long toSeq) {
    return jdbi.withHandle(handle -> Rows.entries(handle, log, fromSeq, toSeq));
  }

  @Override
  public Optional<String> checkpoint(LogOrigin log, long size) {
    return jdbi.withHandle(handle -> Rows.checkpoint(handle, log, size));
  }

  @Override
  public OptionalLong nextCheckpointSize(LogOrigin log, long after) {
    Optional<Long> size =
        jdbi.withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT size FROM checkpoints WHERE log = ? AND size > ? ORDER BY size LIMIT 1")
                    .bind(0, log.text())
                    .bind(1, after)
                    .mapTo(Long.class)
                    .findOne());
    return size.map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  @Override
  public Optional<Receipt> latestReceipt(LogOrigin log) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT size, note, at FROM receipts WHERE log = ? ORDER BY size DESC LIMIT 1")
                .bind(0, log.text())
                .map(
                    (rs, ctx) ->
                        new Receipt(rs.getLong(1), rs.getString(2), Rows.instant(rs.getLong(3))))
                .findOne());
  }

  @Override
  public byte[] storedNode(LogOrigin log, int level, long index) {
    Optional<byte[]> hash =
        jdbi.withHandle(
            handle ->
                level == 0
                    ? handle
                        .createQuery("SELECT leaf_hash FROM log_entries WHERE log = ? AND seq = ?")
                        .bind(0, log.text())
                        .bind(1, index + 1)
                        .mapTo(byte[].class)
                        .findOne()
                    : handle
                        .createQuery(
                            "SELECT hash FROM tree_nodes WHERE log = ? AND level = ? AND idx = ?")
                        .bind(0, log.text())
                        .bind(1, level)
                        .bind(2, index)
                        .mapTo(byte[].class)
                        .findOne());
    return hash.orElseThrow(
        () -> new IllegalStateException("no stored node (" + level + ", " + index + ") in " + log));
  }

  @Override
  public Optional<Receipt> receiptCovering(LogOrigin log, long seq) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT size, note, at FROM receipts WHERE log = ? AND size >= ? ORDER BY size LIMIT 1")
                .bind(0, log.text())
                .bind(1, seq)
                .map(
                    (rs, ctx) ->
                        new Receipt(rs.getLong(1), rs.getString(2), Rows.instant(rs.getLong(3))))
                .findOne());
  }

  @Override
  public long queuedCount(PartyId peer) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT count(*) FROM queue WHERE peer = ?")
                .bind(0, peer.value())
                .mapTo(Long.class)
                .one());
  }

  @Override
  public long inFlightCount(LogOrigin log) {
    return logHead(log).map(head -> head.size() - head.receiptedSize()).orElse(0L);
  }

  @Override
  public boolean messageExists(MessageId id) {
    return jdbi.withHandle(
        handle ->
            handle
                    .createQuery("SELECT count(*) FROM messages WHERE id = ?")
                    .bind(0, id.toString())
                    .mapTo(Integer.class)
                    .one()
                > 0);
  }

  @Override
  public java.util.Set<MessageId> existingEntryIds(java.util.Collection<MessageId> ids) {
    if (ids.isEmpty()) {
      return java.util.Set.of();
    }
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id FROM messages WHERE id IN (<ids>)"
                        + " UNION SELECT entry_id FROM responses WHERE entry_id IN (<ids>)"
                        + " UNION SELECT entry_id FROM deadline_misses WHERE entry_id IN (<ids>)"
                        + " UNION SELECT entry_id FROM changes WHERE entry_id IN (<ids>)")
                .bindList("ids", ids.stream().map(MessageId::toString).toList())
                .map((rs, ctx) -> MessageId.parse(rs.getString(1)))
                .collect(java.util.stream.Collectors.toSet()));
  }

  @Override
  public List<ChangeRecord> changes(LogOrigin ours) {
    return jdbi.withHandle(handle -> ChangeRows.changes(handle, ours));
  }

  @Override
  public List<ChangeRecord> queuedChanges(LogOrigin ours) {
    return jdbi.withHandle(handle -> ChangeRows.queuedChanges(handle, ours));
  }

  @Override
  public Optional<org.hotline.link.entry.UninterpretableEntry> uninterpretable(
      LogOrigin log, long seq) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT reason FROM uninterpretable_entries WHERE log = ? AND seq = ?")
                .bind(0, log.text())
                .bind(1, seq)
                .mapTo(String.class)
                .findOne()
                .map(reason -> new org.hotline.link.entry.UninterpretableEntry(seq, reason)));
  }

  @Override
  public Optional<MessageRecord> message(MessageId id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(Rows.MESSAGE_COLUMNS + " WHERE id = ?")
                .bind(0, id.toString())
                .map(Rows::message)
                .findOne());
  }

  @Override
  public List<MessageRecord> messages(Box box, long before, int limit) {
    return messages(box, null, before, limit);
  }

  @Override
  public List<MessageRecord> messages(Box box, String channel, long before, int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    Rows.MESSAGE_COLUMNS
                        + " WHERE direction = ? AND (? IS NULL OR channel = ?) AND ord < ?"
                        + " ORDER BY ord DESC LIMIT ?")
                .bind(0, box == Box.INBOX ? "in" : "out")
                .bind(1, channel)
                .bind(2, channel)
                .bind(3, before)
                .bind(4, limit)
                .map(Rows::message)
                .list());
  }

  @Override
  public Optional<Instant> lastLinkTest(PartyId peer) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT at FROM link_tests WHERE peer = ?")
                .bind(0, peer.value())
                .mapTo(Long.class)
                .findOne()
                .map(Rows::instant));
  }

  @Override
  public List<MessageRecord> unanswered(Box box, int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    Rows.MESSAGE_COLUMNS
                        + " WHERE direction = ? AND answer IS NULL ORDER BY precedence_rank, ord LIMIT ?")
                .bind(0, box == Box.INBOX ? "in" : "out")
                .bind(1, limit)
                .map(Rows::message)
                .list());
  }

  @Override
  public List<ResponseRecord> responses(MessageId message) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT entry_id, message_id, kind, by_user, note, at, direction, log, seq FROM responses WHERE message_id = ? ORDER BY at, entry_id")
                .bind(0, message.toString())
                .map(
                    (rs, ctx) ->
                        new ResponseRecord(
                            MessageId.parse(rs.getString(1)),
                            MessageId.parse(rs.getString(2)),
                            org.hotline.link.entry.ResponseEntry.Kind.valueOf(rs.getString(3)),
                            rs.getString(4),
                            rs.getString(5),
                            Rows.instant(rs.getLong(6)),
                            rs.getString(7).equals("in"),
                            rs.getString(8),
                            rs.getObject(9) == null ? null : rs.getLong(9)))
                .list());
  }

  @Override
  public Unanswered unanswered(PartyId peer, Instant now) {
    java.util.Map<Precedence, Long> received = new java.util.EnumMap<>(Precedence.class);
    java.util.Map<Precedence, Long> sent = new java.util.EnumMap<>(Precedence.class);
    long[] overdue = new long[2];
    jdbi.useHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT direction, precedence_rank, count(*), sum(CASE WHEN deadline_at <= ? THEN 1 ELSE 0 END) FROM messages"
                        + " WHERE peer = ? AND answer IS NULL GROUP BY direction, precedence_rank")
                .bind(0, Rows.micros(now))
                .bind(1, peer.value())
                .map(
                    (rs, ctx) ->
                        new Object[] {rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)})
                .forEach(
                    row -> {
                      boolean incoming = row[0].equals("in");
                      (incoming ? received : sent)
                          .put(Precedence.ofRank((Integer) row[1]), (Long) row[2]);
                      overdue[incoming ? 0 : 1] += (Long) row[3];
                    }));
    return new Unanswered(received, sent, overdue[0], overdue[1]);
  }

  /** For the node's metrics: entries queued for {@code peer}, by precedence. */
  public java.util.Map<Precedence, Long> queuedByPrecedence(PartyId peer) {
    java.util.Map<Precedence, Long> queued = new java.util.EnumMap<>(Precedence.class);
    jdbi.useHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT precedence_rank, count(*) FROM queue WHERE peer = ? GROUP BY precedence_rank")
                .bind(0, peer.value())
                .map((rs, ctx) -> new long[] {rs.getInt(1), rs.getLong(2)})
                .forEach(row -> queued.put(Precedence.ofRank((int) row[0]), row[1])));
    return queued;
  }

  /**
   * For the node's metrics: messages exchanged with {@code peer} that nobody has answered and whose
   * deadline is past at {@code now}, by direction ({@code in}: received, {@code out}: sent) and
   * precedence.
   */
  public java.util.Map<String, java.util.Map<Precedence, Long>> overdueByPrecedence(
      PartyId peer, Instant now) {
    java.util.Map<String, java.util.Map<Precedence, Long>> overdue = new java.util.HashMap<>();
    overdue.put("in", new java.util.EnumMap<>(Precedence.class));
    overdue.put("out", new java.util.EnumMap<>(Precedence.class));
    jdbi.useHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT direction, precedence_rank, count(*) FROM messages"
                        + " WHERE peer = ? AND answer IS NULL AND deadline_at <= ?"
                        + " GROUP BY direction, precedence_rank")
                .bind(0, peer.value())
                .bind(1, Rows.micros(now))
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getLong(3)})
                .forEach(
                    row ->
                        overdue
                            .get((String) row[0])
                            .put(Precedence.ofRank((Integer) row[1]), (Long) row[2])));
    return overdue;
  }

  @Override
  public List<SecurityEvent> securityEvents(int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT at, peer, kind, detail, evidence FROM security_events ORDER BY id DESC LIMIT ?")
                .bind(0, limit)
                .map(
                    (rs, ctx) ->
                        SecurityEvent.stored(
                            Rows.instant(rs.getLong(1)),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5)))
                .list());
  }

  // ---------------------------------------------------------------- record

  @Override
  public List<LogOrigin> logs() {
    return jdbi.withHandle(handle -> reads(handle).logs());
  }

  @Override
  public LogHead head(LogOrigin log) {
    return logHead(log).orElse(LogHead.EMPTY);
  }

  @Override
  public void entries(LogOrigin log, java.util.function.Consumer<RecordedEntry> consumer) {
    jdbi.useHandle(handle -> reads(handle).entries(log, consumer));
  }

  @Override
  public void entries(
      LogOrigin log,
      long fromSeq,
      long toSeq,
      java.util.function.Consumer<RecordedEntry> consumer) {
    jdbi.useHandle(handle -> reads(handle).entries(log, fromSeq, toSeq, consumer));
  }

  @Override
  public long placedMessageCount() {
    return jdbi.withHandle(handle -> reads(handle).placedMessageCount());
  }

  @Override
  public java.util.Map<Long, String> checkpoints(LogOrigin log) {
    return jdbi.withHandle(handle -> reads(handle).checkpoints(log));
  }

  @Override
  public java.util.Map<Long, String> receipts(LogOrigin log) {
    return jdbi.withHandle(handle -> reads(handle).receipts(log));
  }

  @Override
  public java.util.Map<Long, String> uninterpretable(LogOrigin log) {
    return jdbi.withHandle(handle -> reads(handle).uninterpretable(log));
  }

  @Override
  public List<WitnessCosignature> witnessCosignatures(LogOrigin log) {
    return jdbi.withHandle(handle -> SqliteWitnessStore.cosignatures(handle, log));
  }

  @Override
  public List<MessageRecord> messagesWithoutEntries() {
    return jdbi.withHandle(handle -> reads(handle).messagesWithoutEntries());
  }

  @Override
  public MessageRecord message(long cursor) {
    return jdbi.withHandle(handle -> reads(handle).message(cursor));
  }

  /** One read transaction: SQLite in WAL mode keeps its snapshot while the node goes on writing. */
  @Override
  public <T> T snapshot(Function<RecordStore, T> reads) {
    return jdbi.inTransaction(handle -> reads.apply(reads(handle)));
  }

  // ---------------------------------------------------------------- peers

  @Override
  public List<Peer> peers() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT party, card, endpoints, mode FROM peers ORDER BY party")
                .map(
                    (rs, ctx) ->
                        peer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list());
  }

  /** A fact about the node recorded with its database (table node_state), if recorded. */
  public Optional<String> nodeState(String name) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT value FROM node_state WHERE name = ?")
                .bind(0, name)
                .mapTo(String.class)
                .findOne());
  }

  /** Records a fact about the node, durably. */
  public void putNodeState(String name, String value) {
    write(
        writes ->
            ((SqliteWrites) writes)
                .handle()
                .createUpdate(
                    "INSERT INTO node_state (name, value) VALUES (?, ?)"
                        + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                .bind(0, name)
                .bind(1, value)
                .execute());
  }

  @Override
  public Optional<Peer> peer(PartyId id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT party, card, endpoints, mode FROM peers WHERE party = ?")
                .bind(0, id.value())
                .map(
                    (rs, ctx) ->
                        peer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .findOne());
  }

  @Override
  public void add(Peer peer) {
    write(
        writes -> {
          Handle handle = ((SqliteWrites) writes).handle();
          boolean exists =
              handle
                      .createQuery(
                          "SELECT count(*) FROM peers WHERE party = ? OR tls_fingerprint = ?")
                      .bind(0, peer.id().value())
                      .bind(1, peer.card().tlsCertificateSha256())
                      .mapTo(Integer.class)
                      .one()
                  > 0;
          if (exists) {
            throw new ConflictException(
                "peer "
                    + peer.id()
                    + " (or its TLS certificate) is already paired; remove it first");
          }
          try {
            handle
                .createUpdate(
                    "INSERT INTO peers (party, card, endpoints, tls_fingerprint, added_at, mode) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, peer.id().value())
                .bind(1, json.writeValueAsString(peer.card()))
                .bind(
                    2,
                    json.writeValueAsString(peer.endpoints().stream().map(URI::toString).toList()))
                .bind(3, peer.card().tlsCertificateSha256())
                .bind(4, Rows.micros(Instant.now()))
                .bind(5, peer.mode().name())
                .execute();
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("identity card cannot be serialized", e);
          }
          return null;
        });
  }

  @Override
  public void remove(PartyId id) {
    int removed =
        write(
            writes ->
                ((SqliteWrites) writes)
                    .handle()
                    .createUpdate("DELETE FROM peers WHERE party = ?")
                    .bind(0, id.value())
                    .execute());
    if (removed == 0) {
      throw new NotFoundException("no peer " + id + " is paired");
    }
  }

  /** A stored peer row's text and the peer read from it. */
  private record ParsedPeer(String card, String endpoints, String mode, Peer peer) {
    boolean readFrom(String cardJson, String endpointsJson, String modeName) {
      return card.equals(cardJson) && endpoints.equals(endpointsJson) && mode.equals(modeName);
    }
  }

  private Peer peer(String party, String cardJson, String endpointsJson, String mode) {
    ParsedPeer known = parsedPeers.get(party);
    if (known != null && known.readFrom(cardJson, endpointsJson, mode)) {
      return known.peer();
    }
    Peer parsed = parsePeer(cardJson, endpointsJson, mode);
    parsedPeers.put(party, new ParsedPeer(cardJson, endpointsJson, mode, parsed));
    return parsed;
  }

  private Peer parsePeer(String cardJson, String endpointsJson, String mode) {
    try {
      IdentityCard card = json.readValue(cardJson, IdentityCard.class);
      List<URI> endpoints = List.of(json.readValue(endpointsJson, URI[].class));
      return new Peer(card, endpoints, Peer.Mode.valueOf(mode));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored peer cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    checkpointer.close();
    dataSource.close();
  }

  /** Frames of the write-ahead log copied into the database file off the commit path so far. */
  long walFramesCopied() {
    return checkpointer.framesCopied();
  }

  /**
   * Write transactions committed since the store was opened, each one fsync of the write-ahead log
   * ({@link CommitCounter}). The schema migrations run when the store opens are not counted.
   */
  public long commits() {
    return commits.commits();
  }

  /**
   * Tells {@code listener} how long each counted commit took, in nanoseconds (the append to the
   * write-ahead log and its fsync), on the committing thread, for the node's metrics: it must
   * return at once. One listener; a second replaces the first.
   */
  public void onCommit(java.util.function.LongConsumer listener) {
    commits.onCommit(listener);
  }

  /**
   * Checkpoints since the store was opened that copied the write-ahead log into the database file,
   * each syncing the log and the file: two fsyncs ({@link WalCheckpointer}).
   */
  public long walCheckpoints() {
    return checkpointer.checkpoints();
  }

  /**
   * The connection pool's use at this moment, for the node's metrics: connections lent out, idle,
   * threads waiting for one, and the most the pool opens.
   */
  public record PoolUse(int active, int idle, int waiting, int max) {}

  /** Reads the pool's counts; cheap, nothing is asked of the database. */
  public PoolUse poolUse() {
    com.zaxxer.hikari.HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
    return pool == null
        ? new PoolUse(0, 0, 0, CONNECTIONS_MAX)
        : new PoolUse(
            pool.getActiveConnections(),
            pool.getIdleConnections(),
            pool.getThreadsAwaitingConnection(),
            CONNECTIONS_MAX);
  }

  /**
   * Why the store could not take a write now, or empty when it could, for the readiness probe: a
   * connection answers, SQLite does not hold the database read-only, and this process may write the
   * database file and the directory its write-ahead log lives in. Writes nothing and takes no write
   * lock, so a probe never waits behind the link's commits nor adds one of its own.
   */
  public Optional<String> notWritable() {
    try {
      return read(
          handle -> {
            if (handle.createQuery("PRAGMA query_only").mapTo(Integer.class).one() != 0) {
              return Optional.of("the database connection is read-only");
            }
            String path =
                handle
                    .createQuery("SELECT file FROM pragma_database_list WHERE name = 'main'")
                    .mapTo(String.class)
                    .one();
            Path file = Path.of(path);
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.exists(file)) {
              return Optional.of("the database file is no longer at " + file);
            }
            if (!Files.isWritable(file) || dir == null || !Files.isWritable(dir)) {
              return Optional.of("the database file or its directory is not writable");
            }
            return Optional.<String>empty();
          });
    } catch (RuntimeException e) {
      return Optional.of("the database does not answer: " + e.getMessage());
    }
  }

  /** Runs a checkpoint now, besides the ones the checkpoint thread runs; for tests. */
  void checkpointNow() {
    checkpointer.checkpoint();
  }

  // ---------------------------------------------------------------- writes

  private record SqliteWrites(Handle handle) implements Writes {
    @Override
    public void insertOutgoing(
        List<OutgoingMessage> messages,
        Instant acceptedAt,
        java.util.Map<MessageId, Instant> deadlines) {
      PreparedBatch batch =
          handle.prepareBatch(
              "INSERT INTO messages (id, direction, peer, sender, recipient, log, seq, precedence_rank, status, language, in_reply_to,"
                  + " subject, body, created_at, state, accepted_at, deadline_at, channel, seen,"
                  + " template, template_version, template_sha256)"
                  + " VALUES (?, 'out', ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?)");
      for (OutgoingMessage message : messages) {
        Draft draft = message.draft();
        batch
            .bind(0, message.id().toString())
            .bind(1, draft.to().value())
            .bind(2, message.from().value())
            .bind(3, draft.to().value())
            .bind(4, "")
            .bind(5, draft.precedence().rank())
            .bind(6, draft.status().name())
            .bind(7, draft.language())
            .bind(8, draft.inReplyTo() == null ? null : draft.inReplyTo().toString())
            .bind(9, draft.subject())
            .bind(10, draft.body())
            .bind(11, Rows.micros(message.created()))
            .bind(12, Rows.micros(acceptedAt))
            .bind(13, deadlineMicros(deadlines, message.id()))
            .bind(14, draft.channel())
            .bind(15, message.seen() == MessageEntry.SEEN_UNKNOWN ? null : message.seen());
        bindTemplate(batch, 16, draft.template()).add();
      }
      batch.execute();
    }

    @Override
    public void enqueue(List<QueuedEntry> entries) {
      QueueRows.enqueue(handle, entries);
    }

    @Override
    public List<QueuedEntry> nextQueued(LogOrigin log, int limit) {
      return QueueRows.next(handle, log, limit);
    }

    @Override
    public void dequeue(List<QueuedEntry> entries) {
      PreparedBatch batch = handle.prepareBatch("DELETE FROM queue WHERE ord = ?");
      entries.forEach(entry -> batch.bind(0, entry.ord()).add());
      batch.execute();
    }

    @Override
    public void insertResponse(ResponseRecord response) {
      handle
          .createUpdate(
              "INSERT INTO responses (entry_id, message_id, kind, by_user, note, at, direction, log, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .bind(0, response.entryId().toString())
          .bind(1, response.message().toString())
          .bind(2, response.kind().name())
          .bind(3, response.by())
          .bind(4, response.note())
          .bind(5, Rows.micros(response.at()))
          .bind(6, response.incoming() ? "in" : "out")
          .bind(7, response.log())
          .bind(8, response.seq())
          .execute();
      String update =
          switch (response.kind()) {
            case READ -> "UPDATE messages SET read_at = coalesce(read_at, ?) WHERE id = ?";
            case ACK ->
                "UPDATE messages SET answer = 'ACKNOWLEDGED', read_at = coalesce(read_at, ?) WHERE id = ?";
            case DECLINE ->
                "UPDATE messages SET answer = 'DECLINED', read_at = coalesce(read_at, ?) WHERE id = ?";
          };
      handle
          .createUpdate(update)
          .bind(0, Rows.micros(response.at()))
          .bind(1, response.message().toString())
          .execute();
    }

    /** The message's deadline as stored, or null: a message without one. */
    private static Long deadlineMicros(java.util.Map<MessageId, Instant> deadlines, MessageId id) {
      Instant deadline = deadlines.get(id);
      return deadline == null ? null : Rows.micros(deadline);
    }

    @Override
    public boolean insertDeadlineMiss(DeadlineMissRecord miss) {
      int inserted =
          handle
              .createUpdate(
                  "INSERT INTO deadline_misses (entry_id, message_id, deadline_at, at, direction, log, seq) VALUES (?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (message_id, direction) DO NOTHING")
              .bind(0, miss.entryId().toString())
              .bind(1, miss.message().toString())
              .bind(2, Rows.micros(miss.deadline()))
              .bind(3, Rows.micros(miss.at()))
              .bind(4, miss.incoming() ? "in" : "out")
              .bind(5, miss.log())
              .bind(6, miss.seq())
              .execute();
      if (inserted == 0) {
        return false;
      }
      handle
          .createUpdate(
              "UPDATE messages SET deadline_missed_at = coalesce(deadline_missed_at, ?) WHERE id = ?")
          .bind(0, Rows.micros(miss.at()))
          .bind(1, miss.message().toString())
          .execute();
      return true;
    }

    @Override
    public Optional<LogHead> logHead(LogOrigin log) {
      return Rows.logHead(handle, log);
    }

    @Override
    public void putLogHead(LogOrigin log, LogHead head) {
      handle
          .createUpdate(
              "INSERT INTO logs (log, size, frontier, receipted_size) VALUES (?, ?, ?, ?)"
                  + " ON CONFLICT (log) DO UPDATE SET size = excluded.size, frontier = excluded.frontier, receipted_size = excluded.receipted_size")
          .bind(0, log.text())
          .bind(1, head.size())
          .bind(2, head.frontier())
          .bind(3, head.receiptedSize())
          .execute();
    }

    @Override
    public void appendEntries(LogOrigin log, List<StoredEntry> entries) {
      PreparedBatch batch =
          handle.prepareBatch(
              "INSERT INTO log_entries (log, seq, entry, leaf_hash, entry_id) VALUES (?, ?, ?, ?, ?)");
      for (StoredEntry entry : entries) {
        batch
            .bind(0, log.text())
            .bind(1, entry.seq())
            .bind(2, entry.bytes())
            .bind(3, entry.leafHash())
            .bind(4, entry.entryId() == null ? null : entry.entryId().toString())
            .add();
      }
      batch.execute();
    }

    @Override
    public void putTreeNodes(LogOrigin log, List<TreeNode> nodes) {
      if (nodes.isEmpty()) {
        return;
      }
      PreparedBatch batch =
          handle.prepareBatch("INSERT INTO tree_nodes (log, level, idx, hash) VALUES (?, ?, ?, ?)");
      for (TreeNode node : nodes) {
        batch
            .bind(0, log.text())
            .bind(1, node.level())
            .bind(2, node.index())
            .bind(3, node.hash())
            .add();
      }
      batch.execute();
    }

    @Override
    public void putCheckpoint(LogOrigin log, long size, String signedNote) {
      handle
          .createUpdate("INSERT INTO checkpoints (log, size, note) VALUES (?, ?, ?)")
          .bind(0, log.text())
          .bind(1, size)
          .bind(2, signedNote)
          .execute();
    }

    @Override
    public void insertChanges(
        PartyId peer, boolean incoming, List<org.hotline.link.entry.ChangeEntry> changes) {
      ChangeRows.insert(handle, peer, incoming, changes);
    }

    @Override
    public List<ChangeRecord> changes(LogOrigin ours) {
      return ChangeRows.changes(handle, ours);
    }

    @Override
    public void markSequenced(LogOrigin log, List<StoredEntry> entries, Instant at) {
      PreparedBatch messages =
          handle.prepareBatch(
              "UPDATE messages SET seq = ?, log = ?, state = 'SENT', sent_at = ? WHERE id = ? AND seq IS NULL");
      PreparedBatch responses =
          handle.prepareBatch(
              "UPDATE responses SET seq = ?, log = ? WHERE entry_id = ? AND seq IS NULL");
      PreparedBatch misses =
          handle.prepareBatch(
              "UPDATE deadline_misses SET seq = ?, log = ? WHERE entry_id = ? AND seq IS NULL");
      PreparedBatch changes =
          handle.prepareBatch(
              "UPDATE changes SET seq = ?, log = ? WHERE entry_id = ? AND seq IS NULL");
      for (StoredEntry entry : entries) {
        messages
            .bind(0, entry.seq())
            .bind(1, log.text())
            .bind(2, Rows.micros(at))
            .bind(3, entry.entryId().toString())
            .add();
        responses
            .bind(0, entry.seq())
            .bind(1, log.text())
            .bind(2, entry.entryId().toString())
            .add();
        misses.bind(0, entry.seq()).bind(1, log.text()).bind(2, entry.entryId().toString()).add();
        changes.bind(0, entry.seq()).bind(1, log.text()).bind(2, entry.entryId().toString()).add();
      }
      int[] messageCounts = messages.execute();
      int[] responseCounts = responses.execute();
      int[] missCounts = misses.execute();
      int[] changeCounts = changes.execute();
      for (int i = 0; i < messageCounts.length; i++) {
        if (messageCounts[i] + responseCounts[i] + missCounts[i] + changeCounts[i] > 1) {
          throw new IllegalStateException(
              "entry "
                  + entries.get(i).seq()
                  + " placed into "
                  + log
                  + " matches more than one stored row");
        }
      }
    }

    @Override
    public void insertIncoming(
        LogOrigin log,
        List<MessageEntry> messages,
        Instant receivedAt,
        java.util.Map<MessageId, Instant> deadlines) {
      PreparedBatch batch =
          handle.prepareBatch(
              "INSERT INTO messages (id, direction, peer, sender, recipient, log, seq, precedence_rank, status, language, in_reply_to,"
                  + " subject, body, created_at, state, accepted_at, deadline_at, channel, seen,"
                  + " template, template_version, template_sha256)"
                  + " VALUES (?, 'in', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED', ?, ?, ?, ?, ?, ?, ?)");
      for (MessageEntry message : messages) {
        Draft draft = message.draft();
        batch
            .bind(0, message.id().toString())
            .bind(1, message.from().value())
            .bind(2, message.from().value())
            .bind(3, message.to().value())
            .bind(4, log.text())
            .bind(5, message.seq())
            .bind(6, draft.precedence().rank())
            .bind(7, draft.status().name())
            .bind(8, draft.language())
            .bind(9, draft.inReplyTo() == null ? null : draft.inReplyTo().toString())
            .bind(10, draft.subject())
            .bind(11, draft.body())
            .bind(12, Rows.micros(message.created()))
            .bind(13, Rows.micros(receivedAt))
            .bind(14, deadlineMicros(deadlines, message.id()))
            .bind(15, draft.channel())
            .bind(16, message.seenKnown() ? message.seen() : null);
        bindTemplate(batch, 17, draft.template()).add();
      }
      batch.execute();
      if (!messages.isEmpty()) {
        answeredBefore(messages.stream().map(MessageEntry::id).toList());
      }
    }

    /**
     * Messages just stored that this node had already answered: a node recovering from its peer
     * gets its own log back (with its answers) before the peer sends its log again (with the
     * messages answered). Their answer and read time are taken from the answers stored.
     */
    private void answeredBefore(List<MessageId> ids) {
      handle
          .createUpdate(
              "UPDATE messages SET"
                  + " read_at = coalesce(read_at, (SELECT min(r.at) FROM responses r WHERE r.message_id = messages.id)),"
                  + " answer = coalesce((SELECT CASE r.kind WHEN 'ACK' THEN 'ACKNOWLEDGED' ELSE 'DECLINED' END"
                  + " FROM responses r WHERE r.message_id = messages.id AND r.kind <> 'READ' ORDER BY r.at DESC LIMIT 1), answer)"
                  + " WHERE id IN (SELECT message_id FROM responses WHERE message_id IN (<ids>))")
          .bindList("ids", ids.stream().map(MessageId::toString).toList())
          .execute();
    }

    @Override
    public void dequeueIds(java.util.Collection<MessageId> ids) {
      if (ids.isEmpty()) {
        return;
      }
      handle
          .createUpdate("DELETE FROM queue WHERE entry_id IN (<ids>)")
          .bindList("ids", ids.stream().map(MessageId::toString).toList())
          .execute();
    }

    @Override
    public void putReceipt(LogOrigin log, long size, String cosignedNote, Instant at) {
      handle
          .createUpdate(
              "INSERT INTO receipts (log, size, note, at) VALUES (?, ?, ?, ?) ON CONFLICT (log, size) DO NOTHING")
          .bind(0, log.text())
          .bind(1, size)
          .bind(2, cosignedNote)
          .bind(3, Rows.micros(at))
          .execute();
    }

    @Override
    public void putLinkTest(PartyId peer, long number, Instant at) {
      handle
          .createUpdate(
              "INSERT INTO link_tests (peer, number, at) VALUES (?, ?, ?) ON CONFLICT (peer) DO UPDATE SET number = excluded.number, at = excluded.at")
          .bind(0, peer.value())
          .bind(1, number)
          .bind(2, Rows.micros(at))
          .execute();
    }

    @Override
    public void putUninterpretable(
        LogOrigin log, List<org.hotline.link.entry.UninterpretableEntry> entries, Instant at) {
      if (entries.isEmpty()) {
        return;
      }
      PreparedBatch batch =
          handle.prepareBatch(
              "INSERT INTO uninterpretable_entries (log, seq, reason, at) VALUES (?, ?, ?, ?)"
                  + " ON CONFLICT (log, seq) DO NOTHING");
      for (org.hotline.link.entry.UninterpretableEntry entry : entries) {
        batch
            .bind(0, log.text())
            .bind(1, entry.seq())
            .bind(2, entry.reason())
            .bind(3, Rows.micros(at))
            .add();
      }
      batch.execute();
    }

    @Override
    public void putSecurityEvent(SecurityEvent event) {
      handle
          .createUpdate(
              "INSERT INTO security_events (at, peer, kind, detail, evidence) VALUES (?, ?, ?, ?, ?)")
          .bind(0, Rows.micros(event.at()))
          .bind(1, event.peer())
          .bind(2, event.kindName())
          .bind(3, event.detail())
          .bind(4, event.evidence())
          .execute();
    }
  }

  /**
   * Binds a formatted notification's template to three parameters from {@code position} (id,
   * version, sha256), NULL for a plain message.
   */
  static PreparedBatch bindTemplate(
      PreparedBatch batch, int position, org.hotline.link.entry.TemplateRef template) {
    return batch
        .bind(position, template == null ? null : template.id())
        .bind(position + 1, template == null ? null : template.version())
        .bind(position + 2, template == null ? null : template.sha256());
  }
}
