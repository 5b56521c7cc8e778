package org.hotline.store.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.ConflictException;
import org.hotline.NotFoundException;
import org.hotline.console.AuditEntry;
import org.hotline.console.ConsoleStore;
import org.hotline.console.PendingRelease;
import org.hotline.console.PersonalAlert;
import org.hotline.console.PersonalAlertStore;
import org.hotline.console.Role;
import org.hotline.console.SecurityAlarm;
import org.hotline.console.User;
import org.hotline.console.UserStore;
import org.hotline.identity.PartyId;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.jdbi.v3.core.Handle;

/**
 * The console's tables (migrations V3 and V5) in the node's SQLite database. SQL only. Thread-safe.
 */
public final class SqliteConsoleStore implements UserStore, ConsoleStore, PersonalAlertStore {
  private static final String USER_COLUMNS =
      "SELECT username, role, disabled, created_at, failed_sign_ins, locked_until, last_sign_in_at, password, language FROM users";
  private static final String RELEASE_COLUMNS =
      "SELECT id, recipient, precedence_rank, status, language, in_reply_to, subject, body, drafted_by, drafted_at, state, decided_by,"
          + " decided_at, reason, message_id, channel, template, template_version, template_sha256 FROM releases";

  private static final String ALERT_COLUMNS =
      "a.id, a.notification_id, a.username, a.role, a.message_id, a.type, a.side, a.peer, a.precedence_rank, a.status, a.level,"
          + " a.loop, a.deadline_at, a.raised_at, a.posted_at";

  private final SqliteStore store;

  SqliteConsoleStore(SqliteStore store) {
    this.store = store;
  }

  // ---------------------------------------------------------------- users

  @Override
  public Optional<Credentials> credentials(String username) {
    return store.read(
        handle ->
            handle
                .createQuery(USER_COLUMNS + " WHERE username = ?")
                .bind(0, username)
                .map((rs, ctx) -> credentials(rs))
                .findOne());
  }

  @Override
  public List<User> users() {
    return store.read(
        handle ->
            handle
                .createQuery(USER_COLUMNS + " ORDER BY username")
                .map((rs, ctx) -> credentials(rs).user())
                .list());
  }

  @Override
  public void addUser(User user, String passwordHash) {
    store.transaction(
        handle -> {
          if (handle
                  .createQuery("SELECT count(*) FROM users WHERE username = ?")
                  .bind(0, user.username())
                  .mapTo(Integer.class)
                  .one()
              > 0) {
            throw new ConflictException("user " + user.username() + " already exists");
          }
          return handle
              .createUpdate(
                  "INSERT INTO users (username, role, password, disabled, created_at, language) VALUES (?, ?, ?, ?, ?, ?)")
              .bind(0, user.username())
              .bind(1, user.role().name())
              .bind(2, passwordHash)
              .bind(3, user.disabled() ? 1 : 0)
              .bind(4, Rows.micros(user.createdAt()))
              .bind(5, user.language())
              .execute();
        });
  }

  @Override
  public void setPassword(String username, String passwordHash) {
    update(
        username,
        "UPDATE users SET password = ?, failed_sign_ins = 0, locked_until = NULL WHERE username = ?",
        passwordHash);
  }

  @Override
  public void setLanguage(String username, String language) {
    update(username, "UPDATE users SET language = ? WHERE username = ?", language);
  }

  @Override
  public void setDisabled(String username, boolean disabled) {
    update(username, "UPDATE users SET disabled = ? WHERE username = ?", disabled ? 1 : 0);
  }

  @Override
  public void recordFailure(String username, int failedSignIns, Instant lockedUntil) {
    store.transaction(
        handle ->
            handle
                .createUpdate(
                    "UPDATE users SET failed_sign_ins = ?, locked_until = ? WHERE username = ?")
                .bind(0, failedSignIns)
                .bind(1, lockedUntil == null ? null : Rows.micros(lockedUntil))
                .bind(2, username)
                .execute());
  }

  @Override
  public void recordSignIn(String username, Instant at) {
    update(
        username,
        "UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = ? WHERE username = ?",
        Rows.micros(at));
  }

  private void update(String username, String sql, Object value) {
    int changed =
        store.transaction(
            handle -> handle.createUpdate(sql).bind(0, value).bind(1, username).execute());
    if (changed == 0) {
      throw new NotFoundException("no user " + username);
    }
  }

  @Override
  public Optional<SecondFactorState> secondFactor(String username) {
    return store.read(
        handle ->
            handle
                .createQuery(
                    "SELECT totp_secret, totp_enrolled_at, totp_last_step,"
                        + " (SELECT count(*) FROM recovery_codes r WHERE r.username = u.username AND r.used_at IS NULL),"
                        + " totp_failures"
                        + " FROM users u WHERE username = ? AND totp_secret IS NOT NULL")
                .bind(0, username)
                .map(
                    (rs, ctx) ->
                        new SecondFactorState(
                            rs.getBytes(1),
                            Rows.instant(rs.getLong(2)),
                            rs.getLong(3),
                            rs.getInt(4),
                            rs.getInt(5)))
                .findOne());
  }

  @Override
  public java.util.Map<String, Instant> secondFactorsEnrolled() {
    return store.read(
        handle -> {
          java.util.Map<String, Instant> enrolled = new java.util.TreeMap<>();
          handle
              .createQuery(
                  "SELECT username, totp_enrolled_at FROM users WHERE totp_secret IS NOT NULL")
              .map((rs, ctx) -> Map.entry(rs.getString(1), Rows.instant(rs.getLong(2))))
              .forEach(entry -> enrolled.put(entry.getKey(), entry.getValue()));
          return enrolled;
        });
  }

  @Override
  public boolean enrolSecondFactor(
      String username, byte[] secret, long step, Instant at, List<byte[]> recoveryCodeHashes) {
    return store.transaction(
        handle -> {
          int changed =
              handle
                  .createUpdate(
                      "UPDATE users SET totp_secret = ?, totp_enrolled_at = ?, totp_last_step = ?, totp_failures = 0"
                          + " WHERE username = ? AND totp_secret IS NULL")
                  .bind(0, secret)
                  .bind(1, Rows.micros(at))
                  .bind(2, step)
                  .bind(3, username)
                  .execute();
          if (changed == 0) {
            return false;
          }
          insertRecoveryCodes(handle, username, recoveryCodeHashes);
          return true;
        });
  }

  @Override
  public void replaceRecoveryCodes(String username, List<byte[]> recoveryCodeHashes) {
    store.transaction(
        handle -> {
          insertRecoveryCodes(handle, username, recoveryCodeHashes);
          return null;
        });
  }

  /** Deletes the user's recovery codes and inserts these, in {@code handle}'s transaction. */
  private static void insertRecoveryCodes(Handle handle, String username, List<byte[]> hashes) {
    handle
        .createUpdate("DELETE FROM recovery_codes WHERE username = ?")
        .bind(0, username)
        .execute();
    for (byte[] hash : hashes) {
      handle
          .createUpdate("INSERT INTO recovery_codes (username, code_hash) VALUES (?, ?)")
          .bind(0, username)
          .bind(1, hash)
          .execute();
    }
  }

  @Override
  public boolean useStep(String username, byte[] secret, long step) {
    return store.transaction(
            handle ->
                handle
                    .createUpdate(
                        "UPDATE users SET totp_last_step = ?, totp_failures = 0 WHERE username = ? AND totp_secret = ?"
                            + " AND (totp_last_step IS NULL OR totp_last_step < ?)")
                    .bind(0, step)
                    .bind(1, username)
                    .bind(2, secret)
                    .bind(3, step)
                    .execute())
        == 1;
  }

  @Override
  public int failedSecondFactor(String username) {
    return store.transaction(
        handle -> {
          handle
              .createUpdate(
                  "UPDATE users SET totp_failures = totp_failures + 1 WHERE username = ? AND totp_secret IS NOT NULL")
              .bind(0, username)
              .execute();
          return handle
              .createQuery("SELECT totp_failures FROM users WHERE username = ?")
              .bind(0, username)
              .mapTo(Integer.class)
              .findOne()
              .orElse(0);
        });
  }

  @Override
  public boolean useRecoveryCode(String username, byte[] codeHash, Instant at) {
    return store.transaction(
        handle -> {
          boolean spent =
              handle
                      .createUpdate(
                          "UPDATE recovery_codes SET used_at = ? WHERE username = ? AND code_hash = ? AND used_at IS NULL")
                      .bind(0, Rows.micros(at))
                      .bind(1, username)
                      .bind(2, codeHash)
                      .execute()
                  == 1;
          if (spent) {
            handle
                .createUpdate("UPDATE users SET totp_failures = 0 WHERE username = ?")
                .bind(0, username)
                .execute();
          }
          return spent;
        });
  }

  @Override
  public void resetSecondFactor(String username) {
    store.transaction(
        handle -> {
          handle
              .createUpdate("DELETE FROM recovery_codes WHERE username = ?")
              .bind(0, username)
              .execute();
          return handle
              .createUpdate(
                  "UPDATE users SET totp_secret = NULL, totp_enrolled_at = NULL, totp_last_step = NULL, totp_failures = 0"
                      + " WHERE username = ?")
              .bind(0, username)
              .execute();
        });
  }

  private static Credentials credentials(ResultSet rs) throws SQLException {
    User user =
        new User(
            rs.getString(1),
            Role.valueOf(rs.getString(2)),
            rs.getInt(3) == 1,
            Rows.instant(rs.getLong(4)),
            rs.getInt(5),
            nullableInstant(rs, 6),
            nullableInstant(rs, 7),
            rs.getString(9));
    return new Credentials(user, rs.getString(8));
  }

  private static Instant nullableInstant(ResultSet rs, int column) throws SQLException {
    long micros = rs.getLong(column);
    return rs.wasNull() ? null : Rows.instant(micros);
  }

  // ---------------------------------------------------------------- audit

  @Override
  public AuditEntry audit(AuditEntry entry) {
    long id =
        store.transaction(
            handle ->
                handle
                    .createUpdate(
                        "INSERT INTO audit_log (at, username, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(0, Rows.micros(entry.at()))
                    .bind(1, entry.username())
                    .bind(2, entry.action())
                    .bind(3, entry.target())
                    .bind(4, entry.detail())
                    .bind(5, entry.address())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
    return new AuditEntry(
        id,
        entry.at(),
        entry.username(),
        entry.action(),
        entry.target(),
        entry.detail(),
        entry.address());
  }

  @Override
  public List<AuditEntry> auditLog(long beforeId, int limit) {
    return store.read(
        handle ->
            handle
                .createQuery(
                    "SELECT id, at, username, action, target, detail, address FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?")
                .bind(0, beforeId)
                .bind(1, limit)
                .map(
                    (rs, ctx) ->
                        new AuditEntry(
                            rs.getLong(1),
                            Rows.instant(rs.getLong(2)),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7)))
                .list());
  }

  // ---------------------------------------------------------------- releases

  @Override
  public PendingRelease addRelease(PendingRelease release) {
    Draft draft = release.draft();
    long id =
        store.transaction(
            handle ->
                handle
                    .createUpdate(
                        "INSERT INTO releases (recipient, precedence_rank, status, language, in_reply_to, subject, body, drafted_by, drafted_at,"
                            + " state, channel, template, template_version, template_sha256)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)")
                    .bind(0, draft.to().value())
                    .bind(1, draft.precedence().rank())
                    .bind(2, draft.status().name())
                    .bind(3, draft.language())
                    .bind(4, draft.inReplyTo() == null ? null : draft.inReplyTo().toString())
                    .bind(5, draft.subject())
                    .bind(6, draft.body())
                    .bind(7, release.draftedBy())
                    .bind(8, Rows.micros(release.draftedAt()))
                    .bind(9, draft.channel())
                    .bind(10, draft.formatted() ? draft.template().id() : null)
                    .bind(11, draft.formatted() ? draft.template().version() : null)
                    .bind(12, draft.formatted() ? draft.template().sha256() : null)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
    return release(id).orElseThrow();
  }

  @Override
  public Optional<PendingRelease> release(long id) {
    return store.read(
        handle ->
            handle
                .createQuery(RELEASE_COLUMNS + " WHERE id = ?")
                .bind(0, id)
                .map((rs, ctx) -> release(rs))
                .findOne());
  }

  @Override
  public List<PendingRelease> releases(PendingRelease.State state, int limit) {
    return store.read(
        handle ->
            handle
                .createQuery(RELEASE_COLUMNS + " WHERE state = ? ORDER BY id LIMIT ?")
                .bind(0, state.name())
                .bind(1, limit)
                .map((rs, ctx) -> release(rs))
                .list());
  }

  @Override
  public Optional<PendingRelease> releaseOfMessage(MessageId message) {
    return store.read(
        handle ->
            handle
                .createQuery(RELEASE_COLUMNS + " WHERE message_id = ?")
                .bind(0, message.toString())
                .map((rs, ctx) -> release(rs))
                .findOne());
  }

  @Override
  public boolean decide(long id, PendingRelease.State to, String by, Instant at, String reason) {
    return store.transaction(
            handle ->
                handle
                    .createUpdate(
                        "UPDATE releases SET state = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ? AND state = 'PENDING'")
                    .bind(0, to.name())
                    .bind(1, by)
                    .bind(2, Rows.micros(at))
                    .bind(3, reason == null ? "" : reason)
                    .bind(4, id)
                    .execute())
        == 1;
  }

  @Override
  public void reopen(long id) {
    store.transaction(
        handle ->
            handle
                .createUpdate(
                    "UPDATE releases SET state = 'PENDING', decided_by = NULL, decided_at = NULL WHERE id = ? AND message_id IS NULL")
                .bind(0, id)
                .execute());
  }

  @Override
  public void released(long id, MessageId message) {
    store.transaction(
        handle ->
            handle
                .createUpdate("UPDATE releases SET message_id = ? WHERE id = ?")
                .bind(0, message.toString())
                .bind(1, id)
                .execute());
  }

  private static PendingRelease release(ResultSet rs) throws SQLException {
    String inReplyTo = rs.getString(6);
    Draft draft =
        new Draft(
            PartyId.of(rs.getString(2)),
            Precedence.ofRank(rs.getInt(3)),
            StatusFlag.valueOf(rs.getString(4)),
            rs.getString(7),
            rs.getString(8),
            rs.getString(5),
            inReplyTo == null ? null : MessageId.parse(inReplyTo),
            rs.getString(16),
            Rows.templateOf(rs, 17));
    String message = rs.getString(15);
    return new PendingRelease(
        rs.getLong(1),
        draft,
        rs.getString(9),
        Rows.instant(rs.getLong(10)),
        PendingRelease.State.valueOf(rs.getString(11)),
        rs.getString(12),
        nullableInstant(rs, 13),
        rs.getString(14),
        message == null ? null : MessageId.parse(message));
  }

  // ---------------------------------------------------------------- security alarms

  @Override
  public List<SecurityAlarm> unacknowledgedAlarms(int limit) {
    return store.read(
        handle ->
            handle
                .createQuery(
                    "SELECT id, at, peer, kind, detail, evidence FROM security_events"
                        + " WHERE id > (SELECT coalesce(max(through_id), 0) FROM alarm_acknowledgements) ORDER BY id DESC LIMIT ?")
                .bind(0, limit)
                .map(
                    (rs, ctx) ->
                        new SecurityAlarm(
                            rs.getLong(1),
                            SecurityEvent.stored(
                                Rows.instant(rs.getLong(2)),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6))))
                .list());
  }

  @Override
  public void acknowledgeAlarms(long throughId, String by, Instant at) {
    store.transaction(
        (Handle handle) ->
            handle
                .createUpdate(
                    "INSERT INTO alarm_acknowledgements (through_id, by_user, at) VALUES (?, ?, ?)")
                .bind(0, throughId)
                .bind(1, by)
                .bind(2, Rows.micros(at))
                .execute());
  }

  // ---------------------------------------------------------------- personal alerts

  @Override
  public Posted postAlert(PersonalAlert alert, Instant at) {
    return store.transaction(
        handle -> {
          Optional<PersonalAlert> existing =
              handle
                  .createQuery(
                      "SELECT "
                          + ALERT_COLUMNS
                          + " FROM personal_alerts a WHERE notification_id = ?")
                  .bind(0, alert.notification())
                  .map((rs, ctx) -> personalAlert(rs))
                  .findOne();
          if (existing.isPresent()) {
            return new Posted(existing.get(), false);
          }
          long id =
              handle
                  .createUpdate(
                      "INSERT INTO personal_alerts (notification_id, username, role, message_id, type, side, peer, precedence_rank,"
                          + " status, level, loop, deadline_at, raised_at, posted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                  .bind(0, alert.notification())
                  .bind(1, alert.username())
                  .bind(2, alert.role() == null ? null : alert.role().name())
                  .bind(3, alert.message().toString())
                  .bind(4, alert.type())
                  .bind(5, alert.side())
                  .bind(6, alert.peer().value())
                  .bind(7, alert.precedence().rank())
                  .bind(8, alert.status().name())
                  .bind(9, alert.level())
                  .bind(10, alert.loop())
                  .bind(11, Rows.micros(alert.deadline()))
                  .bind(12, Rows.micros(alert.raisedAt()))
                  .bind(13, Rows.micros(at))
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          return new Posted(
              new PersonalAlert(
                  id,
                  alert.notification(),
                  alert.username(),
                  alert.role(),
                  alert.message(),
                  alert.type(),
                  alert.side(),
                  alert.peer(),
                  alert.precedence(),
                  alert.status(),
                  alert.level(),
                  alert.loop(),
                  alert.deadline(),
                  alert.raisedAt(),
                  Rows.instant(Rows.micros(at))),
              true);
        });
  }

  @Override
  public Optional<PersonalAlert> personalAlert(long id) {
    return store.read(
        handle ->
            handle
                .createQuery("SELECT " + ALERT_COLUMNS + " FROM personal_alerts a WHERE a.id = ?")
                .bind(0, id)
                .map((rs, ctx) -> personalAlert(rs))
                .findOne());
  }

  @Override
  public List<PersonalAlert.Standing> standingAlerts(String username, Role role, int limit) {
    return store.read(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + ALERT_COLUMNS
                        + ", r.seen_at FROM personal_alerts a LEFT JOIN messages m ON m.id = a.message_id"
                        + " LEFT JOIN personal_alert_receipts r ON r.alert_id = a.id AND r.username = ?"
                        + " WHERE (a.username = ? OR a.role = ?) AND m.answer IS NULL AND r.acknowledged_at IS NULL"
                        + " ORDER BY a.id DESC LIMIT ?")
                .bind(0, username)
                .bind(1, username)
                .bind(2, role.name())
                .bind(3, limit)
                .map(
                    (rs, ctx) ->
                        new PersonalAlert.Standing(personalAlert(rs), nullableInstant(rs, 16)))
                .list());
  }

  @Override
  public List<Listed> personalAlerts(long beforeId, int limit) {
    return store.read(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + ALERT_COLUMNS
                        + ", m.answer IS NOT NULL FROM personal_alerts a LEFT JOIN messages m ON m.id = a.message_id"
                        + " WHERE a.id < ? ORDER BY a.id DESC LIMIT ?")
                .bind(0, beforeId)
                .bind(1, limit)
                .map((rs, ctx) -> new Listed(personalAlert(rs), rs.getInt(16) == 1, List.of()))
                .list()
                .stream()
                .map(
                    listed ->
                        new Listed(
                            listed.alert(),
                            listed.messageAnswered(),
                            receipts(handle, listed.alert().id())))
                .toList());
  }

  @Override
  public boolean alertSeen(long id, String username, Instant at) {
    return store.transaction(
            handle ->
                handle
                    .createUpdate(
                        "INSERT INTO personal_alert_receipts (alert_id, username, seen_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (alert_id, username) DO UPDATE SET seen_at = excluded.seen_at WHERE seen_at IS NULL")
                    .bind(0, id)
                    .bind(1, username)
                    .bind(2, Rows.micros(at))
                    .execute())
        == 1;
  }

  @Override
  public boolean alertAcknowledged(long id, String username, Instant at) {
    return store.transaction(
            handle ->
                handle
                    .createUpdate(
                        "INSERT INTO personal_alert_receipts (alert_id, username, seen_at, acknowledged_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (alert_id, username) DO UPDATE SET acknowledged_at = excluded.acknowledged_at,"
                            + " seen_at = coalesce(seen_at, excluded.seen_at) WHERE acknowledged_at IS NULL")
                    .bind(0, id)
                    .bind(1, username)
                    .bind(2, Rows.micros(at))
                    .bind(3, Rows.micros(at))
                    .execute())
        == 1;
  }

  @Override
  public List<PersonalAlert.Receipt> alertReceipts(long id) {
    return store.read(handle -> receipts(handle, id));
  }

  private static List<PersonalAlert.Receipt> receipts(Handle handle, long id) {
    return handle
        .createQuery(
            "SELECT username, seen_at, acknowledged_at FROM personal_alert_receipts WHERE alert_id = ? ORDER BY username")
        .bind(0, id)
        .map(
            (rs, ctx) ->
                new PersonalAlert.Receipt(
                    rs.getString(1), nullableInstant(rs, 2), nullableInstant(rs, 3)))
        .list();
  }

  private static PersonalAlert personalAlert(ResultSet rs) throws SQLException {
    String role = rs.getString(4);
    int level = rs.getInt(11);
    boolean noLevel = rs.wasNull();
    int loop = rs.getInt(12);
    boolean noLoop = rs.wasNull();
    return new PersonalAlert(
        rs.getLong(1),
        rs.getLong(2),
        rs.getString(3),
        role == null ? null : Role.valueOf(role),
        MessageId.parse(rs.getString(5)),
        rs.getString(6),
        rs.getString(7),
        PartyId.of(rs.getString(8)),
        Precedence.ofRank(rs.getInt(9)),
        StatusFlag.valueOf(rs.getString(10)),
        noLevel ? null : level,
        noLoop ? null : loop,
        Rows.instant(rs.getLong(13)),
        Rows.instant(rs.getLong(14)),
        Rows.instant(rs.getLong(15)));
  }
}
