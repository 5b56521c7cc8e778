package org.hotline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.identity.IdentityCard;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.MerkleProofs;
import org.hotline.transcript.SignedNote;

/**
 * Guarantee 4 checked as a third party would: with nothing but the two identity cards and the
 * receipt a sender shows for a message ({@code GET /api/v1/messages/{id}}), confirm that the sender
 * signed a checkpoint of its log to the receiver that covers the message, and that the receiver
 * cosigned exactly that checkpoint (C2SP tlog-cosignature).
 */
public final class Receipts {
  private Receipts() {}

  /** Checks the receipt in a sender's message detail; returns the checkpoint it covers. */
  public static Checkpoint assertVerifies(
      JsonNode detail, IdentityCard sender, IdentityCard receiver) {
    String id = detail.get("id").asText();
    long seq = detail.get("seq").asLong();
    JsonNode receipt = detail.get("receipt");
    assertThat(receipt).as("receipt of %s", id).isNotNull();
    assertThat(receipt.isNull()).as("receipt of %s is missing", id).isFalse();
    SignedNote note = SignedNote.parse(receipt.get("cosigned_checkpoint").asText());
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    assertThat(checkpoint.origin())
        .as("origin of the receipt of %s", id)
        .isEqualTo("hotline/" + sender.party() + "/" + receiver.party());
    assertThat(checkpoint.size())
        .as("size of the receipt of %s (seq %d)", id, seq)
        .isGreaterThanOrEqualTo(seq)
        .isEqualTo(receipt.get("size").asLong());
    assertThat(note.verifiedBy(sender.verifier()))
        .as("%s's signature on the checkpoint of %s", sender.party(), id)
        .isTrue();
    assertThat(cosignedBy(note, checkpoint, receiver))
        .as("%s's cosignature on the checkpoint of %s", receiver.party(), id)
        .isTrue();
    return checkpoint;
  }

  /**
   * Checks the receipt of each message in {@code ids} as the sender shows it, and that the sender
   * shows it DELIVERED with the seq the receiver stored it under; returns the sizes of the distinct
   * checkpoints the receipts cover.
   */
  public static Set<Long> assertAllVerify(
      Api senderApi,
      Collection<String> ids,
      Map<String, Long> receiverSeqs,
      IdentityCard sender,
      IdentityCard receiver) {
    Set<Long> sizes = ConcurrentHashMap.newKeySet();
    ids.parallelStream()
        .forEach(
            id -> {
              Api.Response shown = senderApi.get("/api/v1/messages/" + id);
              assertThat(shown.status()).as(shown.raw().body()).isEqualTo(200);
              assertThat(shown.body().get("state").asText())
                  .as("state of %s on %s", id, sender.party())
                  .isEqualTo("DELIVERED");
              assertThat(shown.body().get("seq").asLong())
                  .as("seq of %s on the sender and the receiver", id)
                  .isEqualTo(receiverSeqs.get(id));
              sizes.add(assertVerifies(shown.body(), sender, receiver).size());
            });
    return sizes;
  }

  /**
   * Checks a message's proof ({@code GET /api/v1/messages/{id}/proof}) without trusting the node's
   * own verdict: the entry is this message at its seq, its RFC 9162 inclusion proof leads to the
   * root of a checkpoint the sender signed and the receiver cosigned, and the proof fails for an
   * entry with one bit changed.
   */
  public static void assertInclusionProofVerifies(
      Api senderApi, String id, long seq, IdentityCard sender, IdentityCard receiver) {
    Api.Response response = senderApi.get("/api/v1/messages/" + id + "/proof");
    assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
    JsonNode proof = response.body();
    byte[] entry = Base64.getDecoder().decode(proof.get("entry").asText());
    assertThat(EntryCodec.decode(entry))
        .as("the entry proved for %s", id)
        .isInstanceOfSatisfying(
            MessageEntry.class,
            message -> {
              assertThat(message.id().toString()).isEqualTo(id);
              assertThat(message.seq()).isEqualTo(seq);
            });
    SignedNote note = SignedNote.parse(proof.get("checkpoint").asText());
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    assertThat(note.verifiedBy(sender.verifier()))
        .as("%s's signature on the proof's checkpoint for %s", sender.party(), id)
        .isTrue();
    assertThat(cosignedBy(note, checkpoint, receiver))
        .as("%s's cosignature on the proof's checkpoint for %s", receiver.party(), id)
        .isTrue();
    List<byte[]> path = new ArrayList<>();
    proof
        .get("inclusion_proof")
        .forEach(hash -> path.add(Base64.getDecoder().decode(hash.asText())));
    assertThat(
            MerkleProofs.verifyInclusion(
                seq - 1, checkpoint.size(), MerkleHash.leaf(entry), path, checkpoint.root()))
        .as("inclusion of %s (seq %d) in the tree of size %d", id, seq, checkpoint.size())
        .isTrue();
    entry[entry.length - 1] ^= 1;
    assertThat(
            MerkleProofs.verifyInclusion(
                seq - 1, checkpoint.size(), MerkleHash.leaf(entry), path, checkpoint.root()))
        .as("inclusion of an altered entry")
        .isFalse();
  }

  /**
   * Whether some signature line of {@code note} is a valid cosignature of {@code checkpoint} by
   * {@code cosigner}.
   */
  public static boolean cosignedBy(SignedNote note, Checkpoint checkpoint, IdentityCard cosigner) {
    return note.signatures().stream()
        .anyMatch(signature -> Cosignature.verify(checkpoint, signature, cosigner.verifier()));
  }
}
