package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sent message is DELIVERED once a stored receipt covers its place, with the time that receipt
 * was stored and the size it cosigned; the store derives this from the receipts and writes nothing
 * into the message's row (storage version 8). A row an earlier version marked delivered keeps what
 * it says. Real SQLite files, the real sender and receiver in one process (LinkPair).
 */
class DeliveredFromReceiptsTest {
  @TempDir Path dir;

  private LinkPair pair;

  @BeforeEach
  void pair() {
    pair = new LinkPair(dir);
  }

  @AfterEach
  void close() {
    pair.close();
  }

  @Test
  void each_message_is_delivered_by_the_first_receipt_that_covers_it_and_its_row_is_not_written()
      throws SQLException {
    List<MessageId> first = pair.deliver(Precedence.ROUTINE, "one", "two");
    java.time.Instant firstReceipt = pair.clock.instant();
    pair.clock.advance(Duration.ofSeconds(7));
    List<MessageId> second = pair.deliver(Precedence.ROUTINE, "three");

    for (MessageId id : first) {
      MessageRecord message = pair.us.store.message(id).orElseThrow();
      assertThat(message.state()).isEqualTo(MessageState.DELIVERED);
      assertThat(message.receiptSize()).isEqualTo(2);
      assertThat(message.deliveredAt()).isEqualTo(firstReceipt);
    }
    MessageRecord third = pair.us.store.message(second.get(0)).orElseThrow();
    assertThat(third.state()).isEqualTo(MessageState.DELIVERED);
    assertThat(third.receiptSize()).isEqualTo(3);
    assertThat(third.deliveredAt()).isEqualTo(firstReceipt.plusSeconds(7));

    assertThat(row(second.get(0))).isEqualTo("SENT null null");
    assertThat(row(first.get(0))).isEqualTo("SENT null null");
  }

  @Test
  void a_sent_message_no_receipt_covers_is_sent() {
    List<MessageId> ids = pair.submit(Precedence.ROUTINE, "waiting");
    pair.us.sequencer.sequence(LinkPair.CN, 10);

    assertThat(pair.us.store.message(ids.get(0)).orElseThrow().state())
        .isEqualTo(MessageState.SENT);
  }

  @Test
  void a_row_an_earlier_version_marked_delivered_keeps_its_time_and_size() {
    MessageId id = pair.deliver(Precedence.ROUTINE, "old").get(0);
    pair.us.tamper(
        "UPDATE messages SET state = 'DELIVERED', delivered_at = 1000000, receipt_size = 1"
            + " WHERE id = ?",
        id.toString());

    MessageRecord message = pair.us.store.message(id).orElseThrow();
    assertThat(message.state()).isEqualTo(MessageState.DELIVERED);
    assertThat(message.deliveredAt()).isEqualTo(java.time.Instant.ofEpochSecond(1));
  }

  /** The message's own row: state, delivered_at, receipt_size, as stored. */
  private String row(MessageId id) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + pair.us.file.toAbsolutePath());
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT state, delivered_at, receipt_size FROM messages WHERE id = ?")) {
      statement.setString(1, id.toString());
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1) + " " + rs.getObject(2) + " " + rs.getObject(3);
      }
    }
  }
}
