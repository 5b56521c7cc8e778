package org.hotline.link;

import java.time.Instant;

/**
 * Something a peer sent that must not be shown as genuine: a forged signature, entries that do not
 * give the signed root, a second entry for a stored sequence number. The evidence is kept verbatim
 * (the peer's signed statements and entries, base64) so a third party can check the claim.
 *
 * @param kind one of the {@code KIND_*} names
 */
public record SecurityEvent(Instant at, String peer, String kind, String detail, String evidence) {
  public static final String KIND_BAD_SIGNATURE = "bad-signature";
  public static final String KIND_WRONG_SENDER = "wrong-sender";
  public static final String KIND_ROOT_MISMATCH = "root-mismatch";
  public static final String KIND_CONFLICTING_ENTRY = "conflicting-entry";
  public static final String KIND_CONFLICTING_CHECKPOINT = "conflicting-checkpoint";
  public static final String KIND_BAD_RECEIPT = "bad-receipt";
  public static final String KIND_PEER_AHEAD = "peer-claims-unwritten-entries";
  public static final String KIND_PEER_LOST_ENTRIES = "peer-lost-receipted-entries";

  /**
   * A batch whose signature and tree verified held entries that could not be interpreted (see
   * {@link UninterpretableEntry}): raised by the receiver, which stored them anyway, and by the
   * sender when the receiver's answer names them.
   */
  public static final String KIND_UNINTERPRETABLE_ENTRY = "uninterpretable-entry";

  /**
   * The federation port refused a TLS handshake: no client certificate, one that is not pinned, or
   * bytes that are not TLS. {@code peer} is empty; the evidence is the certificate's fingerprint.
   */
  public static final String KIND_REFUSED_HANDSHAKE = "refused-handshake";

  /** This node's own stored message does not match the signed entry it claims to be. */
  public static final String KIND_TAMPERED_RECORD = "tampered-record";

  /**
   * A queued entry of this node failed the reader's check when the sequencer encoded it, so it was
   * not signed and left the queue; the entries behind it went on. The outbox checks every entry
   * when it is queued, so this is a defect of this node, never of the peer.
   */
  public static final String KIND_UNSIGNABLE_ENTRY = "unsignable-entry";
}
