package org.hotline.link;

import java.time.Instant;
import org.hotline.link.entry.UninterpretableEntry;

/**
 * Something a peer sent that must not be shown as genuine: a forged signature, entries that do not
 * give the signed root, a second entry for a stored sequence number. The evidence is kept verbatim
 * (the peer's signed statements and entries, base64) so a third party can check the claim.
 *
 * @param kindName the kind's stored name, which the API and the console show: {@link Kind#wire()},
 *     or for {@link Kind#UNKNOWN} the name as it was stored
 */
public record SecurityEvent(
    Instant at, String peer, Kind kind, String detail, String evidence, String kindName) {
  public SecurityEvent {
    if (kind != Kind.UNKNOWN && !kind.wire().equals(kindName)) {
      throw new IllegalArgumentException(kindName + " is not the name of " + kind.name());
    }
  }

  /**
   * The fields of the log line that reports this event: the peer, {@code security.alarm}, and the
   * kind's stored name. Close it after the line.
   */
  public static org.hotline.LogFields logFields(SecurityEvent event) {
    return org.hotline.LogFields.of(
        org.hotline.LogFields.PEER,
        event.peer(),
        org.hotline.LogFields.EVENT,
        "security.alarm",
        org.hotline.LogFields.KIND,
        event.kindName());
  }

  /** An event this node raises now. */
  public SecurityEvent(Instant at, String peer, Kind kind, String detail, String evidence) {
    this(at, peer, kind, detail, evidence, kind.wire());
  }

  /**
   * An event as stored under {@code kindName}; a name this version does not know (written by a
   * newer one) reads as {@link Kind#UNKNOWN} and keeps its text.
   */
  public static SecurityEvent stored(
      Instant at, String peer, String kindName, String detail, String evidence) {
    return new SecurityEvent(at, peer, Kind.ofWire(kindName), detail, evidence, kindName);
  }

  /**
   * What was found. Each kind has the name it is stored and shown under (the security_events table,
   * {@code GET /api/v1/security-events}, the {@code security.alarm} event, log lines); those names
   * never change.
   */
  public enum Kind {
    BAD_SIGNATURE("bad-signature"),
    WRONG_SENDER("wrong-sender"),
    ROOT_MISMATCH("root-mismatch"),
    CONFLICTING_ENTRY("conflicting-entry"),
    CONFLICTING_CHECKPOINT("conflicting-checkpoint"),
    BAD_RECEIPT("bad-receipt"),
    PEER_AHEAD("peer-claims-unwritten-entries"),
    PEER_LOST_ENTRIES("peer-lost-receipted-entries"),

    /**
     * A batch whose signature and tree verified held entries that could not be interpreted (see
     * {@link UninterpretableEntry}): raised by the receiver, which stored them anyway, and by the
     * sender when the receiver's answer names them.
     */
    UNINTERPRETABLE_ENTRY("uninterpretable-entry"),

    /**
     * The federation port refused a TLS handshake: no client certificate, one that is not pinned,
     * or bytes that are not TLS. {@code peer} is empty; the evidence is the certificate's
     * fingerprint.
     */
    REFUSED_HANDSHAKE("refused-handshake"),

    /** This node's own stored message does not match the signed entry it claims to be. */
    TAMPERED_RECORD("tampered-record"),

    /** The two sides hold signed checkpoints of one log that contradict each other. */
    DIVERGENCE("divergence"),

    /** A witness holds a size of our log that we never wrote. */
    WITNESS_AHEAD("witness-holds-unwritten-size"),

    /** A witness refuses our checkpoint as inconsistent with one it cosigned. */
    WITNESS_INCONSISTENT("witness-refuses-our-log"),

    /** A log's key signed a checkpoint that contradicts one this witness cosigned. */
    WITNESS_INCONSISTENT_CHECKPOINT("witness-inconsistent-checkpoint"),

    /**
     * A queued entry of this node failed the reader's check when the sequencer encoded it, so it
     * was not signed and left the queue; the entries behind it went on. The outbox checks every
     * entry when it is queued, so this is a defect of this node, never of the peer.
     */
    UNSIGNABLE_ENTRY("unsignable-entry"),

    /**
     * This node's database holds less of its log to a peer than the node has published (its {@link
     * SignedMark}), or it was restored from a backup: it signs nothing more to that peer until it
     * has recovered its log from it.
     */
    SIGNING_HALTED("signing-halted"),

    /**
     * During a recovery from a peer, what the peer served did not verify against this node's own
     * signatures, the tree or the peer's cosignatures, or fell short of the size the peer signed;
     * nothing of it was stored.
     */
    BAD_RECOVERY("bad-recovery"),

    /**
     * The peer put a signed recovery entry in its log to this node: it restored its node from an
     * old backup (or lost its disk) and recovered its log from this node's copy, voiding the
     * positions it had signed that neither side held (docs/protocol.md §3.6). Raised by the
     * receiver; the evidence is the entry. Not a forgery, but the peer's operators should confirm
     * it by other means.
     */
    PEER_RECOVERED("peer-recovered"),

    /**
     * The peer signed a change to a shared object that was not valid where its author stood
     * (docs/protocol.md §20.4): an honest node never signs one. It stays in the record, changes
     * nothing, and is shown as refused on both nodes; the evidence is the entry's id and object.
     */
    REFUSED_CHANGE("refused-change"),

    /**
     * The peer signed a formatted notification whose values break the template it names, or that
     * names a template no adoption on the link has (docs/notifications.md): an honest node checks
     * before it signs. The message is kept, receipted and watched as any other, shown INVALID or
     * UNKNOWN_TEMPLATE; the detail names its id, template and first problems, never its values.
     */
    INVALID_NOTIFICATION("invalid-notification"),

    /** A stored name this version does not know; {@link SecurityEvent#kindName()} keeps it. */
    UNKNOWN("unknown");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    /** The name on the wire and in storage, such as {@code root-mismatch}. */
    public String wire() {
      return wire;
    }

    /** The kind named {@code wire}, or {@link #UNKNOWN}. */
    public static Kind ofWire(String wire) {
      for (Kind kind : values()) {
        if (kind.wire.equals(wire)) {
          return kind;
        }
      }
      return UNKNOWN;
    }

    /** The wire name, so that log lines and messages read as before. */
    @Override
    public String toString() {
      return wire;
    }
  }
}
