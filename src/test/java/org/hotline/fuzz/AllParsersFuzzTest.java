package org.hotline.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hotline.app.BackupArchiveFuzzTest;
import org.hotline.app.MarkFileFuzzTest;
import org.hotline.app.NodeConfigFuzzTest;
import org.hotline.federation.WireFuzzTest;
import org.hotline.identity.IdentityCardFuzzTest;
import org.hotline.link.entry.EntryFuzzTest;
import org.hotline.link.health.HeartbeatFuzzTest;
import org.hotline.notice.TemplateFuzzTest;
import org.hotline.transcript.NoteFuzzTest;
import org.hotline.web.RequestBodyFuzzTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fuzz target in one, for the bounded fuzz run of {@code ./mvnw verify}: Jazzer fuzzes one
 * test per JVM, and a JVM with Jazzer's agent per target would cost more than the fuzzing. The
 * first byte of an input chooses the target, the rest is that target's input; the seeds are every
 * target's own seeds and findings (its {@code <Class>Inputs/<method>} directory) behind its byte,
 * so coverage guidance starts from real encoded values of every format.
 */
class AllParsersFuzzTest {

  /** A target: its check, and where its seeds and findings are kept. */
  private record Target(Check check, Class<?> owner, String method) {}

  @FunctionalInterface
  private interface Check {
    void accept(byte[] bytes) throws IOException;
  }

  private static final List<Target> TARGETS =
      List.of(
          new Target(
              EntryFuzzTest::check,
              EntryFuzzTest.class,
              "an_entry_is_refused_or_encodes_back_to_its_exact_bytes"),
          new Target(
              NoteFuzzTest::signedNote,
              NoteFuzzTest.class,
              "a_signed_note_is_refused_or_encodes_back_to_its_text"),
          new Target(
              NoteFuzzTest::checkpoint,
              NoteFuzzTest.class,
              "a_checkpoint_body_is_refused_or_encodes_back_to_its_text"),
          new Target(
              NoteFuzzTest::cosignature,
              NoteFuzzTest.class,
              "a_cosignature_line_is_refused_or_encodes_back_to_its_text"),
          new Target(
              HeartbeatFuzzTest::check,
              HeartbeatFuzzTest.class,
              "a_heartbeat_is_refused_or_reads_back_equal_from_its_own_text"),
          new Target(
              IdentityCardFuzzTest::check,
              IdentityCardFuzzTest.class,
              "an_identity_card_is_refused_or_reads_back_equal_from_its_own_json"),
          new Target(
              WireFuzzTest::batch,
              WireFuzzTest.class,
              "a_batch_body_is_refused_or_reads_back_equal_and_its_parts_parse_or_are_refused"),
          new Target(
              WireFuzzTest::pull, WireFuzzTest.class, "a_pull_body_is_refused_or_reads_back_equal"),
          new Target(
              WireFuzzTest::heartbeat,
              WireFuzzTest.class,
              "a_heartbeat_body_is_refused_or_reads_back_equal"),
          new Target(
              WireFuzzTest::exchange,
              WireFuzzTest.class,
              "a_checkpoint_exchange_body_is_refused_or_reads_back_equal"),
          new Target(
              RequestBodyFuzzTest::message,
              RequestBodyFuzzTest.class,
              "a_message_is_refused_or_signed_as_an_entry_its_reader_accepts"),
          new Target(
              RequestBodyFuzzTest::batch,
              RequestBodyFuzzTest.class,
              "a_batch_of_messages_is_refused_or_signed_as_entries_their_reader_accepts"),
          new Target(
              RequestBodyFuzzTest::response,
              RequestBodyFuzzTest.class,
              "an_ack_or_decline_is_refused_or_signed_as_an_entry_its_reader_accepts"),
          new Target(
              RequestBodyFuzzTest::alertAck,
              RequestBodyFuzzTest.class,
              "an_alert_acknowledgement_is_refused_or_names_a_valid_user"),
          new Target(
              NodeConfigFuzzTest::check,
              NodeConfigFuzzTest.class,
              "a_configuration_is_refused_or_reads_back_equal_from_its_own_json"),
          new Target(
              BackupArchiveFuzzTest::check,
              BackupArchiveFuzzTest.class,
              "an_archive_is_refused_or_lists_only_paths_inside_its_directory"),
          new Target(
              WireFuzzTest::recovery,
              WireFuzzTest.class,
              "a_recovery_body_is_refused_or_reads_back_equal"),
          new Target(
              MarkFileFuzzTest::check,
              MarkFileFuzzTest.class,
              "a_mark_file_is_refused_or_reads_back_equal_after_a_write"),
          new Target(
              TemplateFuzzTest::parse,
              TemplateFuzzTest.class,
              "a_template_is_refused_or_parses_back_equal_from_its_canonical_form"),
          new Target(
              TemplateFuzzTest::check,
              TemplateFuzzTest.class,
              "values_are_checked_without_an_exception_and_valid_ones_have_a_canonical_form"));

  @MethodSource("seeds")
  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void every_parser_refuses_its_input_or_reads_it_back(byte[] bytes) throws IOException {
    if (bytes.length == 0) {
      return;
    }
    TARGETS
        .get(Byte.toUnsignedInt(bytes[0]) % TARGETS.size())
        .check()
        .accept(Arrays.copyOfRange(bytes, 1, bytes.length));
  }

  static Stream<Arguments> seeds() {
    return java.util.stream.IntStream.range(0, TARGETS.size())
        .boxed()
        .flatMap(index -> seedsOf(index).map(seed -> Arguments.of((Object) seed)));
  }

  private static Stream<byte[]> seedsOf(int index) {
    Target target = TARGETS.get(index);
    URL directory =
        target.owner().getResource(target.owner().getSimpleName() + "Inputs/" + target.method());
    if (directory == null) {
      return Stream.empty();
    }
    try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
      return files.sorted().toList().stream()
          .map(
              file -> {
                try {
                  byte[] seed = Files.readAllBytes(file);
                  byte[] input = new byte[seed.length + 1];
                  input[0] = (byte) index;
                  System.arraycopy(seed, 0, input, 1, seed.length);
                  return input;
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
