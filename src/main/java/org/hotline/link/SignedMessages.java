package org.hotline.link;

import java.time.Clock;
import java.util.Base64;
import java.util.function.Consumer;
import org.hotline.identity.PartyId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guarantee 3 on the read path: a message is shown only as it was signed. The {@code messages} row
 * is a copy kept for listing; before one message is shown, the proof of its entry is checked
 * against the stored record ({@link Proofs}): the stored entry bytes lead to the signed root, and
 * the row is exactly that entry. A message that fails is not shown: a security event with the
 * evidence is raised and a {@link TamperedRecordException} thrown. Queued messages have no entry
 * yet; their row is the only copy and is shown as is. Thread-safe.
 */
final class SignedMessages {
  private static final Logger LOG = LoggerFactory.getLogger(SignedMessages.class);

  private final PartyId self;
  private final LinkStore store;
  private final Proofs proofs;
  private final Clock clock;
  private final Consumer<SecurityEvent> alarms;

  SignedMessages(
      PartyId self, LinkStore store, Proofs proofs, Clock clock, Consumer<SecurityEvent> alarms) {
    this.self = self;
    this.store = store;
    this.proofs = proofs;
    this.clock = clock;
    this.alarms = alarms;
  }

  /**
   * {@code row}, if it is provably the signed entry; throws {@link TamperedRecordException} if not.
   */
  MessageRecord check(MessageRecord row) {
    Proofs.EntryProof proof = proofs.proof(row).orElse(null);
    if (proof == null || proof.verified()) {
      return row;
    }
    String detail =
        "message "
            + row.id()
            + " at "
            + proof.log()
            + " #"
            + proof.seq()
            + " is not as signed: "
            + proof.problem();
    String evidence =
        detail
            + "\nmessage row: "
            + row
            + (proof.entry() == null
                ? ""
                : "\nstored entry (base64): " + Base64.getEncoder().encodeToString(proof.entry()))
            + (proof.checkpoint() == null ? "" : "\ncheckpoint:\n" + proof.checkpoint());
    PartyId peer = row.from().equals(self) ? row.to() : row.from();
    SecurityEvent event =
        new SecurityEvent(
            clock.instant(), peer.value(), SecurityEvent.Kind.TAMPERED_RECORD, detail, evidence);
    if (Alarms.record(store, event)) {
      LOG.error("SECURITY {}: {}", SecurityEvent.Kind.TAMPERED_RECORD, detail);
      alarms.accept(event);
    }
    throw new TamperedRecordException(detail + "; a security event was raised");
  }
}
