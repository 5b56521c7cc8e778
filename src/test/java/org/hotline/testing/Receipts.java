package org.hotline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.identity.IdentityCard;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.SignedNote;

/**
 * Guarantee 4 checked as a third party would: with nothing but the two identity cards and the
 * receipt a sender shows for a message ({@code GET /api/v1/messages/{id}}), confirm that the
 * sender signed a checkpoint of its log to the receiver that covers the message, and that the
 * receiver cosigned exactly that checkpoint (C2SP tlog-cosignature).
 */
public final class Receipts {
  private Receipts() {}

  /** Checks the receipt in a sender's message detail; returns the checkpoint it covers. */
  public static Checkpoint assertVerifies(JsonNode detail, IdentityCard sender, IdentityCard receiver) {
    String id = detail.get("id").asText();
    long seq = detail.get("seq").asLong();
    JsonNode receipt = detail.get("receipt");
    assertThat(receipt).as("receipt of %s", id).isNotNull();
    assertThat(receipt.isNull()).as("receipt of %s is missing", id).isFalse();
    SignedNote note = SignedNote.parse(receipt.get("cosigned_checkpoint").asText());
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    assertThat(checkpoint.origin()).as("origin of the receipt of %s", id).isEqualTo("hotline/" + sender.party() + "/" + receiver.party());
    assertThat(checkpoint.size()).as("size of the receipt of %s (seq %d)", id, seq).isGreaterThanOrEqualTo(seq).isEqualTo(receipt.get("size").asLong());
    assertThat(note.verifiedBy(sender.verifier())).as("%s's signature on the checkpoint of %s", sender.party(), id).isTrue();
    assertThat(cosignedBy(note, checkpoint, receiver)).as("%s's cosignature on the checkpoint of %s", receiver.party(), id).isTrue();
    return checkpoint;
  }

  /**
   * Checks the receipt of each message in {@code ids} as the sender shows it, and that the sender
   * shows it DELIVERED with the seq the receiver stored it under; returns the sizes of the distinct
   * checkpoints the receipts cover.
   */
  public static Set<Long> assertAllVerify(Api senderApi, Collection<String> ids, Map<String, Long> receiverSeqs, IdentityCard sender, IdentityCard receiver) {
    Set<Long> sizes = ConcurrentHashMap.newKeySet();
    ids.parallelStream()
        .forEach(
            id -> {
              Api.Response shown = senderApi.get("/api/v1/messages/" + id);
              assertThat(shown.status()).as(shown.raw().body()).isEqualTo(200);
              assertThat(shown.body().get("state").asText()).as("state of %s on %s", id, sender.party()).isEqualTo("DELIVERED");
              assertThat(shown.body().get("seq").asLong()).as("seq of %s on the sender and the receiver", id).isEqualTo(receiverSeqs.get(id));
              sizes.add(assertVerifies(shown.body(), sender, receiver).size());
            });
    return sizes;
  }

  /** Whether some signature line of {@code note} is a valid cosignature of {@code checkpoint} by {@code cosigner}. */
  public static boolean cosignedBy(SignedNote note, Checkpoint checkpoint, IdentityCard cosigner) {
    return note.signatures().stream().anyMatch(signature -> Cosignature.verify(checkpoint, signature, cosigner.verifier()));
  }
}
