package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import org.hotline.ConflictException;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The high-water mark file, {@code signed-mark.json} (docs/operations.md §10.7). */
class MarkFileTest {
  private static final LogOrigin US_CN = new LogOrigin(PartyId.of("us"), PartyId.of("cn"));
  private static final LogOrigin US_FR = new LogOrigin(PartyId.of("us"), PartyId.of("fr"));

  @TempDir Path dir;

  @Test
  void a_node_without_a_mark_file_starts_from_0_and_the_mark_only_rises() {
    MarkFile mark = MarkFile.open(dir);
    assertThat(mark.get(US_CN)).hasValue(0);
    assertThat(Files.exists(dir.resolve(MarkFile.NAME))).isFalse();

    mark.publish(US_CN, 30);
    mark.publish(US_CN, 20);
    assertThat(mark.get(US_CN)).hasValue(30);
    assertThat(MarkFile.open(dir).get(US_CN)).hasValue(30);
    assertThat(MarkFile.open(dir).get(US_FR)).hasValue(0);
    assertThat(mark.allowsSigning(US_CN, 29)).isFalse();
    assertThat(mark.allowsSigning(US_CN, 30)).isTrue();
  }

  @Test
  void the_file_is_readable_by_its_owner_only_whatever_the_umask() throws Exception {
    MarkFile.open(dir).publish(US_CN, 1);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(MarkFile.NAME))))
        .isEqualTo("rw-------");
    assertThat(Files.exists(dir.resolve(MarkFile.NAME + ".new"))).isFalse();
  }

  @Test
  void after_a_restore_every_mark_is_unknown_until_reset_and_publishing_does_not_make_it_known() {
    MarkFile.markRestored(dir);
    MarkFile mark = MarkFile.open(dir);
    assertThat(mark.get(US_CN)).isEqualTo(OptionalLong.empty());
    assertThat(mark.allowsSigning(US_CN, 1_000_000)).isFalse();

    mark.publish(US_CN, 5);
    assertThat(MarkFile.open(dir).get(US_CN)).isEmpty();

    mark.reset(US_CN, 1025);
    MarkFile reopened = MarkFile.open(dir);
    assertThat(reopened.get(US_CN)).hasValue(1025);
    assertThat(reopened.allowsSigning(US_CN, 1025)).isTrue();
    assertThat(reopened.get(US_FR)).as("another peer's log still needs its recovery").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "null",
        "{\"logs\":{}}",
        "{\"restored\":\"no\",\"logs\":{}}",
        "{\"restored\":false,\"logs\":[]}",
        "{\"restored\":false,\"logs\":{\"hotline/us/cn\":-1}}",
        "{\"restored\":false,\"logs\":{\"hotline/us/cn\":1.5}}",
        "{\"restored\":false,\"logs\":{\"hotline/us/cn\":\"7\"}}",
        "{\"restored\":false,\"logs\":{\"hotline/us/cn\":99999999999999999999}}",
        "{\"restored\":false,\"logs\":{},\"extra\":1}",
        "{\"restored\":false,\"restored\":true,\"logs\":{}}"
      })
  void a_mark_file_that_does_not_read_stops_the_node_with_one_line_saying_what_to_do(String text)
      throws Exception {
    Files.writeString(dir.resolve(MarkFile.NAME), text, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> MarkFile.open(dir))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(MarkFile.NAME + " cannot be read (")
        .hasMessageContaining("hotline recover")
        .hasMessageNotContaining("\n");
  }

  @Test
  void a_database_that_kept_a_mark_file_and_finds_none_waits_for_a_recovery() throws Exception {
    NodeHome home = org.hotline.testing.Nodes.init(dir, "us");
    try (var store =
        org.hotline.store.sqlite.SqliteStore.open(home.database(), org.hotline.Json.mapper())) {
      MarkFile first = MarkFile.openFor(home.dir(), home.party(), store);
      assertThat(first.get(US_CN)).as("a node without a mark before starts at 0").hasValue(0);
      assertThat(store.nodeState(MarkFile.IN_USE)).isPresent();
      first.publish(US_CN, 12);

      Files.delete(home.dir().resolve(MarkFile.NAME));
      MarkFile again = MarkFile.openFor(home.dir(), home.party(), store);
      assertThat(again.get(US_CN)).as("the database was put back without its mark").isEmpty();
      assertThat(again.allowsSigning(US_CN, 1_000)).isFalse();
    }
  }

  @Test
  void two_processes_raising_the_mark_never_lower_each_others() {
    MarkFile node = MarkFile.open(dir);
    MarkFile export = MarkFile.open(dir);
    node.publish(US_CN, 10);
    export.publish(US_FR, 4);
    node.publish(US_CN, 11);

    MarkFile reopened = MarkFile.open(dir);
    assertThat(reopened.get(US_CN)).hasValue(11);
    assertThat(reopened.get(US_FR)).hasValue(4);
  }
}
