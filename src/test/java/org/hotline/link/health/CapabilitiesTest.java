package org.hotline.link.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hotline.InvalidInputException;
import org.hotline.link.BatchRefusedException;
import org.hotline.link.LinkPair;
import org.hotline.link.Peer;
import org.hotline.link.PeerCapabilities;
import org.hotline.link.PeerTransport;
import org.hotline.link.PeerUnreachableException;
import org.hotline.link.UnusedTransport;
import org.hotline.link.entry.EntryCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What us learns of what cn reads: the registry {@link Capabilities} on a clock the test moves,
 * asking through a transport that answers as the test says (each answer is one the federation
 * client can give: an advertisement, a 404 as empty, or a failure).
 */
class CapabilitiesTest {
  private static final PeerCapabilities NEWER =
      new PeerCapabilities(
          Set.of(1, 2), PeerCapabilities.FORMAT_1_KINDS, Set.of("batches.uninterpretable"));

  @TempDir Path dir;
  private LinkPair pair;
  private Capabilities capabilities;
  private Peer cn;
  private final Deque<Supplier<Optional<PeerCapabilities>>> answers = new ArrayDeque<>();
  private int asked;

  private final PeerTransport transport =
      new UnusedTransport() {
        @Override
        public Optional<PeerCapabilities> capabilities(Peer peer) {
          asked++;
          return answers.removeFirst().get();
        }
      };

  @BeforeEach
  void open() {
    pair = new LinkPair(dir);
    capabilities = new Capabilities(pair.clock);
    cn = pair.us.peer(LinkPair.CN);
  }

  @AfterEach
  void close() {
    pair.close();
  }

  private Capabilities.Known learn(Supplier<Optional<PeerCapabilities>> answer) {
    answers.add(answer);
    return capabilities.learn(cn, transport);
  }

  @Test
  void a_peer_not_yet_asked_is_assumed_to_read_format_1_only_and_is_due() {
    assertThat(capabilities.of(LinkPair.CN)).isEqualTo(PeerCapabilities.FORMAT_1_ONLY);
    assertThat(capabilities.known(LinkPair.CN).source()).isEqualTo(Capabilities.Source.ASSUMED);
    assertThat(capabilities.known(LinkPair.CN).learnedAt()).isNull();
    assertThat(capabilities.due(LinkPair.CN)).isTrue();
  }

  @Test
  void what_the_peer_advertises_is_what_it_reads_from_then_on() {
    Capabilities.Known known = learn(() -> Optional.of(NEWER));

    assertThat(known)
        .isEqualTo(
            new Capabilities.Known(NEWER, Capabilities.Source.ADVERTISED, pair.clock.instant()));
    assertThat(capabilities.of(LinkPair.CN)).isEqualTo(NEWER);
    assertThat(capabilities.of(LinkPair.US)).isEqualTo(PeerCapabilities.FORMAT_1_ONLY);
  }

  @Test
  void a_peer_without_the_endpoint_reads_format_1_only_and_that_is_known_not_assumed() {
    learn(() -> Optional.of(NEWER));

    Capabilities.Known known = learn(Optional::empty);

    assertThat(known.capabilities()).isEqualTo(PeerCapabilities.FORMAT_1_ONLY);
    assertThat(known.source()).isEqualTo(Capabilities.Source.NOT_ADVERTISED);
    assertThat(known.learnedAt()).isEqualTo(pair.clock.instant());
    assertThat(capabilities.of(LinkPair.CN)).isEqualTo(PeerCapabilities.FORMAT_1_ONLY);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "no answer",
            (Supplier<Optional<PeerCapabilities>>)
                () -> {
                  throw new PeerUnreachableException("connection refused");
                }),
        Arguments.of(
            "a refusal",
            (Supplier<Optional<PeerCapabilities>>)
                () -> {
                  throw new BatchRefusedException(
                      BatchRefusedException.Kind.UNKNOWN_PEER, "not pinned", -1);
                }),
        Arguments.of(
            "an answer beyond the limits",
            (Supplier<Optional<PeerCapabilities>>)
                () -> Optional.of(new PeerCapabilities(Set.of(0), Set.of(), Set.of()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void a_failed_request_leaves_the_last_known_value(
      String failure, Supplier<Optional<PeerCapabilities>> answer) {
    Capabilities.Known before = learn(() -> Optional.of(NEWER));
    pair.clock.advance(Capabilities.REFRESH_INTERVAL);

    Capabilities.Known after = learn(answer);

    assertThat(after).isEqualTo(before);
    assertThat(capabilities.known(LinkPair.CN)).isEqualTo(before);
  }

  @Test
  void a_failed_first_request_leaves_format_1_only_assumed() {
    Capabilities.Known known =
        learn(
            () -> {
              throw new PeerUnreachableException("connection refused");
            });

    assertThat(known.source()).isEqualTo(Capabilities.Source.ASSUMED);
    assertThat(capabilities.of(LinkPair.CN)).isEqualTo(PeerCapabilities.FORMAT_1_ONLY);
  }

  @Test
  void a_peer_is_asked_again_once_the_refresh_interval_has_passed_and_not_before() {
    learn(() -> Optional.of(NEWER));

    pair.clock.advance(Capabilities.REFRESH_INTERVAL.minusMillis(1));
    assertThat(capabilities.due(LinkPair.CN)).isFalse();
    pair.clock.advance(Duration.ofMillis(1));
    assertThat(capabilities.due(LinkPair.CN)).isTrue();
  }

  @Test
  void a_failed_request_waits_the_same_interval_as_an_answered_one() {
    learn(
        () -> {
          throw new PeerUnreachableException("connection refused");
        });

    assertThat(capabilities.due(LinkPair.CN)).isFalse();
    pair.clock.advance(Capabilities.REFRESH_INTERVAL);
    assertThat(capabilities.due(LinkPair.CN)).isTrue();
  }

  @Test
  void a_peer_is_asked_again_as_soon_as_its_link_recovers() {
    learn(() -> Optional.of(NEWER));
    assertThat(capabilities.due(LinkPair.CN)).isFalse();

    capabilities.linkRecovered(LinkPair.CN);

    assertThat(capabilities.due(LinkPair.CN)).isTrue();
    assertThat(capabilities.of(LinkPair.CN)).isEqualTo(NEWER);
    assertThat(capabilities.due(LinkPair.US)).isTrue();
    assertThat(asked).isEqualTo(1);
  }

  @Test
  void this_node_advertises_formats_1_and_2_the_six_kinds_of_format_1_recovery_and_change() {
    assertThat(PeerCapabilities.OWN.formats())
        .containsExactlyInAnyOrderElementsOf(EntryCodec.FORMAT_VERSIONS);
    assertThat(PeerCapabilities.OWN.kinds())
        .containsExactly(
            "ack",
            "change",
            "deadline-missed",
            "decline",
            "link-test",
            "message",
            "read",
            "recovery");
    assertThat(PeerCapabilities.OWN.optionalFields())
        .containsExactlyInAnyOrder(
            "batches.uninterpretable", "checkpoints.divergences", "checkpoints.state_hash");
    assertThat(PeerCapabilities.FORMAT_1_ONLY.kinds())
        .as("a peer that predates capabilities reads no recovery entry")
        .containsExactly("ack", "deadline-missed", "decline", "link-test", "message", "read");
  }

  @Test
  void the_highest_format_both_sides_read_is_chosen_and_none_when_they_share_none() {
    assertThat(NEWER.highestCommonFormat(Set.of(1, 2, 3))).isEqualTo(OptionalInt.of(2));
    assertThat(NEWER.highestCommonFormat(Set.of(1))).isEqualTo(OptionalInt.of(1));
    assertThat(NEWER.highestCommonFormat(Set.of(3))).isEmpty();
    assertThat(NEWER.reads(2)).isTrue();
    assertThat(PeerCapabilities.FORMAT_1_ONLY.reads(2)).isFalse();
  }

  static Stream<Arguments> badAdvertisements() {
    Set<String> tooMany =
        IntStream.rangeClosed(0, PeerCapabilities.ITEMS_MAX)
            .mapToObj(i -> "kind-" + i)
            .collect(Collectors.toSet());
    Set<String> withNull = new java.util.HashSet<>(List.of("message"));
    withNull.add(null);
    return Stream.of(
        Arguments.of("no format", Set.of(), Set.of(), Set.of(), "formats"),
        Arguments.of("format 0", Set.of(0, 1), Set.of(), Set.of(), "formats"),
        Arguments.of("formats missing", null, Set.of(), Set.of(), "formats"),
        Arguments.of("kinds missing", Set.of(1), null, Set.of(), "kinds"),
        Arguments.of("optional fields missing", Set.of(1), Set.of(), null, "optional_fields"),
        Arguments.of("a null kind", Set.of(1), withNull, Set.of(), "kinds"),
        Arguments.of("65 kinds", Set.of(1), tooMany, Set.of(), "kinds"),
        Arguments.of("an upper-case kind", Set.of(1), Set.of("Message"), Set.of(), "kinds"),
        Arguments.of("an empty kind", Set.of(1), Set.of(""), Set.of(), "kinds"),
        Arguments.of("a kind of 65 letters", Set.of(1), Set.of("k".repeat(65)), Set.of(), "kinds"),
        Arguments.of(
            "an escape sequence in a field name",
            Set.of(1),
            Set.of(),
            Set.of("\u001b[2J"),
            "optional_fields"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAdvertisements")
  void an_advertisement_beyond_the_limits_is_refused_naming_the_list(
      String name,
      Set<Integer> formats,
      Set<String> kinds,
      Set<String> optionalFields,
      String field) {
    assertThatThrownBy(() -> new PeerCapabilities(formats, kinds, optionalFields))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void the_lists_are_kept_in_their_natural_order_and_cannot_be_changed() {
    PeerCapabilities capabilities =
        new PeerCapabilities(
            new java.util.HashSet<>(List.of(3, 1, 2)), Set.of("read", "ack"), Set.of());

    assertThat(capabilities.formats()).containsExactly(1, 2, 3);
    assertThat(capabilities.kinds()).containsExactly("ack", "read");
    assertThatThrownBy(() -> capabilities.formats().add(4))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
