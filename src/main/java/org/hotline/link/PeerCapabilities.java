package org.hotline.link;

import java.util.Collections;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hotline.InvalidInputException;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.ResponseEntry;

/**
 * What a node reads: the entry format versions it decodes, the entry kinds it implements, and the
 * optional fields of federation bodies it understands, as {@code GET /federation/v1/capabilities}
 * advertises them (docs/protocol.md §11.6). A node signs no entry in a format or of a kind its peer
 * does not list, and sends an optional request field only to a peer that lists it. Immutable; the
 * sets iterate in their natural order.
 *
 * @param formats entry format versions ({@code v}), each at least 1, never empty
 * @param kinds entry kinds, as their field "kind" is written on the wire
 * @param optionalFields optional fields of federation bodies, each {@code <endpoint>.<field>}, e.g.
 *     {@code checkpoints.divergences}
 */
public record PeerCapabilities(
    Set<Integer> formats, Set<String> kinds, Set<String> optionalFields) {

  /**
   * A node reads a handful of formats, kinds and optional fields; a list longer than this is a
   * misbehaving peer, not a capability.
   */
  public static final int ITEMS_MAX = 64;

  /**
   * Kinds and field names are short lower-case ASCII words, dots and hyphens; anything else is not
   * a name this protocol uses (and is never shown to anyone).
   */
  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[a-z0-9_.-]{1,64}");

  /** The six entry kinds of format 1 (docs/protocol.md §3). */
  public static final Set<String> FORMAT_1_KINDS =
      Stream.concat(
              Stream.of("message", "link-test", EntryCodec.KIND_DEADLINE_MISSED),
              Stream.of(ResponseEntry.Kind.values()).map(ResponseEntry.Kind::wire))
          .collect(Collectors.toUnmodifiableSet());

  /**
   * What a peer that does not advertise its capabilities reads (its federation port answers 404,
   * because it predates them), and what this node assumes of every peer until it has learned more:
   * format 1, its six kinds, no optional field.
   */
  public static final PeerCapabilities FORMAT_1_ONLY =
      new PeerCapabilities(Set.of(1), FORMAT_1_KINDS, Set.of());

  /**
   * The entry format versions this node decodes: the one list to extend when the reader learns a
   * new format.
   */
  static final Set<Integer> FORMATS_READ = Set.copyOf(EntryCodec.FORMAT_VERSIONS);

  /**
   * The optional fields of federation bodies this node understands when present: the divergences of
   * a checkpoint exchange, absent from a caller that reports none (§11.3).
   */
  static final Set<String> OPTIONAL_FIELDS_READ =
      Set.of(
          "checkpoints.divergences",
          PeerCapabilities.BATCHES_UNINTERPRETABLE,
          PeerCapabilities.CHECKPOINTS_STATE_HASH);

  /**
   * The state hash of the shared objects in a checkpoint exchange (protocol.md §11.3, §20.5): sent
   * only to a peer that lists it.
   */
  public static final String CHECKPOINTS_STATE_HASH = "checkpoints.state_hash";

  /**
   * The batch answer's list of entries the receiver stored but could not interpret (protocol.md
   * §11.1): sent only to a caller that lists it.
   */
  public static final String BATCHES_UNINTERPRETABLE = "batches.uninterpretable";

  /**
   * The entry kinds this node reads: the six of format 1, {@code recovery} (§3.6) and {@code
   * change} (§20), which a node signs into a peer's log only if that peer lists them. The one list
   * to extend when the reader learns a new kind.
   */
  static final Set<String> KINDS_READ =
      Stream.concat(
              FORMAT_1_KINDS.stream(),
              Stream.of(EntryCodec.KIND_RECOVERY, org.hotline.link.entry.ChangeEntry.KIND))
          .collect(Collectors.toUnmodifiableSet());

  /** What this node reads, as its federation port advertises it. */
  public static final PeerCapabilities OWN =
      new PeerCapabilities(FORMATS_READ, KINDS_READ, OPTIONAL_FIELDS_READ);

  /**
   * Checks a peer's advertisement: throws {@link InvalidInputException} if a list is missing,
   * longer than {@link #ITEMS_MAX}, holds a format below 1 or a name that is not 1 to 64 of {@code
   * [a-z0-9_.-]}, or if no format is listed.
   */
  public PeerCapabilities {
    formats = sorted("formats", formats);
    kinds = sorted("kinds", kinds);
    optionalFields = sorted("optional_fields", optionalFields);
    if (formats.isEmpty()) {
      throw new InvalidInputException("formats", "capabilities list no entry format");
    }
    for (int format : formats) {
      if (format < 1) {
        throw new InvalidInputException("formats", "format " + format + " is not a version");
      }
    }
    checkNames("kinds", kinds);
    checkNames("optional_fields", optionalFields);
  }

  /** Whether the peer reads entries of format {@code version}. */
  public boolean reads(int version) {
    return formats.contains(version);
  }

  /** The highest format both this peer and a node reading {@code ours} read, if any. */
  public OptionalInt highestCommonFormat(Set<Integer> ours) {
    return formats.stream().filter(ours::contains).mapToInt(Integer::intValue).max();
  }

  private static <T extends Comparable<T>> SortedSet<T> sorted(String field, Set<T> items) {
    if (items == null) {
      throw new InvalidInputException(field, "capabilities have no " + field);
    }
    if (items.size() > ITEMS_MAX) {
      throw new InvalidInputException(
          field, field + " lists " + items.size() + " items; at most " + ITEMS_MAX);
    }
    if (items.stream().anyMatch(java.util.Objects::isNull)) {
      throw new InvalidInputException(field, field + " lists null");
    }
    return Collections.unmodifiableSortedSet(new TreeSet<>(items));
  }

  private static void checkNames(String field, Set<String> names) {
    for (String name : names) {
      if (!NAME.matcher(name).matches()) {
        throw new InvalidInputException(
            field, field + " holds a name that is not 1 to 64 of [a-z0-9_.-]");
      }
    }
  }
}
