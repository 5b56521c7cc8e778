package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.MerkleProofs;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.NoteVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Proofs} and {@link SignedMessages} on us's real store after real delivery to cn; the
 * record is edited behind the node's back with plain SQL, as someone with disk access would.
 */
class ProofsTest {
  @TempDir Path dir;
  private LinkPair pair;
  private Proofs proofs;
  private final LogOrigin log = LinkPair.usToCn();

  @BeforeEach
  void open() {
    pair = new LinkPair(dir);
    proofs = new Proofs(pair.us.store, keys(pair.us.signer.verifier(), pair.cn.signer.verifier()));
  }

  @AfterEach
  void close() {
    pair.close();
  }

  private static Function<PartyId, NoteVerifier> keys(NoteVerifier us, NoteVerifier cn) {
    return party -> party.equals(LinkPair.US) ? us : party.equals(LinkPair.CN) ? cn : null;
  }

  private MessageRecord message(MessageId id) {
    return pair.us.store.message(id).orElseThrow();
  }

  private Proofs.EntryProof proof(MessageId id) {
    return proofs.proof(message(id)).orElseThrow();
  }

  @Test
  void a_delivered_message_is_proved_by_its_entry_inclusion_proof_and_receipt() {
    List<MessageId> ids = pair.deliver(Precedence.ROUTINE, "a", "b", "c");

    Proofs.EntryProof proof = proof(ids.get(1));

    assertThat(proof.verified()).isTrue();
    assertThat(proof.problem()).isNull();
    assertThat(proof.receipted()).isTrue();
    assertThat(proof.id()).isEqualTo(ids.get(1));
    assertThat(proof.log()).isEqualTo(log.text());
    assertThat(proof.seq()).isEqualTo(2);
    assertThat(proof.size()).isEqualTo(3);
    assertThat(proof.entry()).isEqualTo(pair.us.store.entries(log, 2, 2).get(0).bytes());
    assertThat(proof.leafHash()).isEqualTo(MerkleHash.leaf(proof.entry()));
    assertThat(proof.checkpoint())
        .isEqualTo(pair.us.store.latestReceipt(log).orElseThrow().cosignedNote());
    byte[] root =
        LinkPair.root(
            pair.us.store.entries(log, 1, 3).stream().map(LinkStore.StoredEntry::bytes).toList());
    assertThat(MerkleProofs.verifyInclusion(1, 3, proof.leafHash(), proof.inclusionProof(), root))
        .isTrue();
  }

  @Test
  void entries_of_a_log_past_sixteen_are_proved_from_the_stored_subtrees_on_both_sides() {
    String[] subjects = new String[20];
    for (int i = 0; i < subjects.length; i++) {
      subjects[i] = "m" + i;
    }
    List<MessageId> ids = pair.deliver(Precedence.ROUTINE, subjects);
    Proofs atCn =
        new Proofs(pair.cn.store, keys(pair.us.signer.verifier(), pair.cn.signer.verifier()));
    for (MessageId id : List.of(ids.get(0), ids.get(15), ids.get(19))) {
      assertThat(proof(id).verified()).as("sender's proof").isTrue();
      MessageRecord received = pair.cn.store.message(id).orElseThrow();
      assertThat(atCn.proof(received).orElseThrow().verified()).as("receiver's proof").isTrue();
    }
  }

  @Test
  void a_message_sent_but_not_receipted_is_proved_by_the_writers_checkpoint() {
    List<MessageId> ids = pair.submit(Precedence.ROUTINE, "a", "b");
    pair.us.sequencer.sequence(LinkPair.CN, 1);
    pair.us.sequencer.sequence(LinkPair.CN, 1);

    Proofs.EntryProof proof = proof(ids.get(0));

    assertThat(proof.verified()).isTrue();
    assertThat(proof.receipted()).isFalse();
    assertThat(proof.size()).isEqualTo(1);
    assertThat(proof.checkpoint()).isEqualTo(pair.us.store.checkpoint(log, 1).orElseThrow());
    assertThat(proof(ids.get(1)).size()).isEqualTo(2);
  }

  @Test
  void a_queued_message_has_no_proof_yet() {
    MessageId id = pair.submit(Precedence.ROUTINE, "a").get(0);
    assertThat(proofs.proof(message(id))).isEmpty();
  }

  @Test
  void an_edited_message_row_is_reported_not_proved() {
    MessageId id = pair.deliver(Precedence.ROUTINE, "a").get(0);
    pair.us.tamper(
        "UPDATE messages SET subject = 'edited', body = 'x' WHERE id = ?", id.toString());
    Proofs.EntryProof proof = proof(id);
    assertThat(proof.verified()).isFalse();
    assertThat(proof.problem())
        .isEqualTo(
            "the message as stored for display differs from the signed entry 1 in subject, body");
  }

  @Test
  void an_edited_entry_is_reported_not_proved() {
    List<MessageId> ids = pair.deliver(Precedence.ROUTINE, "a", "b");
    byte[] other = pair.message(log, 2, "b");
    pair.us.tamper("UPDATE log_entries SET entry = ? WHERE log = ? AND seq = 2", other, log.text());
    assertThat(proof(ids.get(1)).problem())
        .isEqualTo("entry 2 as stored does not lead to the signed root of size 2");
  }

  @Test
  void an_entry_that_does_not_decode_is_reported() {
    MessageId id = pair.deliver(Precedence.ROUTINE, "a").get(0);
    byte[] garbage = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    pair.us.tamper(
        "UPDATE log_entries SET entry = ?, leaf_hash = ? WHERE log = ? AND seq = 1",
        garbage,
        MerkleHash.leaf(garbage),
        log.text());
    pair.us.tamper(
        "UPDATE receipts SET note = ? WHERE log = ?",
        pair.us.store.latestReceipt(log).orElseThrow().cosignedNote(),
        log.text());
    Proofs.EntryProof proof = proof(id);
    assertThat(proof.verified()).isFalse();
    assertThat(proof.problem()).isNotNull();
  }

  @Test
  void a_missing_entry_is_reported() {
    MessageId id = pair.deliver(Precedence.ROUTINE, "a").get(0);
    pair.us.tamper("DELETE FROM log_entries WHERE log = ?", log.text());
    Proofs.EntryProof proof = proof(id);
    assertThat(proof.problem()).isEqualTo("the log holds no entry at 1");
    assertThat(proof.entry()).isNull();
    assertThat(proof.inclusionProof()).isEmpty();
    assertThat(proof.checkpoint()).isNull();
  }

  @Test
  void an_entry_without_a_checkpoint_is_reported() {
    MessageId id = pair.submit(Precedence.ROUTINE, "a").get(0);
    pair.us.sequencer.sequence(LinkPair.CN, 1);
    pair.us.tamper("DELETE FROM checkpoints WHERE log = ?", log.text());
    Proofs.EntryProof proof = proof(id);
    assertThat(proof.problem()).isEqualTo("no signed checkpoint covers entry 1");
    assertThat(proof.entry()).isNotNull();
    assertThat(proof.size()).isZero();
  }

  @Test
  void a_tree_that_cannot_give_a_proof_is_reported() {
    List<MessageId> ids = pair.deliver(Precedence.ROUTINE, "a", "b");
    pair.us.tamper("DELETE FROM log_entries WHERE log = ? AND seq = 1", log.text());
    assertThat(proof(ids.get(1)).problem()).startsWith("the stored tree cannot give a proof");
  }

  @Test
  void a_checkpoint_not_signed_by_the_writer_is_reported() {
    MessageId id = pair.deliver(Precedence.ROUTINE, "a").get(0);
    NoteSigner other = NoteSigner.fromSeed("hotline/us", new byte[32]);
    Proofs wrongWriter =
        new Proofs(pair.us.store, keys(other.verifier(), pair.cn.signer.verifier()));
    assertThat(wrongWriter.proof(message(id)).orElseThrow().problem())
        .isEqualTo("the checkpoint is not signed by us");
    Proofs noWriter = new Proofs(pair.us.store, keys(null, pair.cn.signer.verifier()));
    assertThat(noWriter.proof(message(id)).orElseThrow().verified()).isFalse();
  }

  @Test
  void a_receipt_without_the_readers_cosignature_is_reported() {
    MessageId id = pair.deliver(Precedence.ROUTINE, "a").get(0);
    NoteSigner other = NoteSigner.fromSeed("hotline/cn", new byte[32]);
    Proofs wrongReader =
        new Proofs(pair.us.store, keys(pair.us.signer.verifier(), other.verifier()));
    assertThat(wrongReader.proof(message(id)).orElseThrow().problem())
        .isEqualTo("the receipt has no valid cosignature by cn");
    Proofs noReader = new Proofs(pair.us.store, keys(pair.us.signer.verifier(), null));
    assertThat(noReader.proof(message(id)).orElseThrow().problem())
        .isEqualTo("the receipt has no valid cosignature by cn");
  }

  @Test
  void a_malformed_receipt_is_reported() {
    MessageId id = pair.deliver(Precedence.ROUTINE, "a").get(0);
    pair.us.tamper("UPDATE receipts SET note = 'garbage' WHERE log = ?", log.text());
    assertThat(proof(id).problem()).startsWith("the stored checkpoint is malformed");
  }

  @Test
  void a_receipt_for_another_size_is_reported() {
    List<MessageId> ids = pair.deliver(Precedence.ROUTINE, "a", "b");
    pair.us.tamper("UPDATE receipts SET size = 5 WHERE log = ?", log.text());
    assertThat(proof(ids.get(0)).problem()).startsWith("the stored tree cannot give a proof");
  }

  @Test
  void an_entry_that_is_not_a_message_is_reported() {
    pair.us.outbox().queueLinkTest(LinkPair.CN, 1);
    MessageId id = pair.deliver(Precedence.ROUTINE, "a").get(0);
    pair.us.tamper("UPDATE messages SET seq = 1 WHERE id = ?", id.toString());
    assertThat(proof(id).problem()).isEqualTo("entry 1 is not a message");
  }

  // ------------------------------------------------------------------ SignedMessages

  private SignedMessages signedMessages() {
    return new SignedMessages(LinkPair.US, pair.us.store, proofs, pair.clock, pair.us.alarms::add);
  }

  @Test
  void a_message_as_signed_is_shown_as_it_is() {
    MessageId id = pair.deliver(Precedence.ROUTINE, "a").get(0);
    MessageId queued = pair.submit(Precedence.ROUTINE, "b").get(0);
    assertThat(signedMessages().check(message(id))).isEqualTo(message(id));
    assertThat(signedMessages().check(message(queued))).isEqualTo(message(queued));
    assertThat(pair.us.alarms).isEmpty();
  }

  @Test
  void an_edited_message_is_not_shown_and_is_raised_once_with_the_evidence() {
    MessageId id = pair.deliver(Precedence.ROUTINE, "a").get(0);
    pair.us.tamper("UPDATE messages SET subject = 'edited' WHERE id = ?", id.toString());

    assertThatThrownBy(() -> signedMessages().check(message(id)))
        .isInstanceOf(TamperedRecordException.class)
        .hasMessageContaining("message " + id + " at hotline/us/cn #1 is not as signed")
        .hasMessageEndingWith("; a security event was raised");
    assertThatThrownBy(() -> signedMessages().check(message(id)))
        .isInstanceOf(TamperedRecordException.class);

    assertThat(pair.us.alarms).hasSize(1);
    SecurityEvent event = pair.us.alarms.get(0);
    assertThat(event.kind()).isEqualTo(SecurityEvent.Kind.TAMPERED_RECORD);
    assertThat(event.peer()).isEqualTo("cn");
    assertThat(event.evidence())
        .contains("message row: ")
        .contains("stored entry (base64): ")
        .contains("checkpoint:\n");
  }

  @Test
  void a_received_message_edited_names_its_sender_as_the_peer() {
    List<byte[]> entries = pair.messages(LinkPair.cnToUs(), 1, 1);
    pair.us.receiver.accept(
        pair.us.peer(LinkPair.CN),
        LinkPair.honest(pair.cn.signer, LinkPair.cnToUs(), List.of(), entries));
    MessageRecord received = pair.us.store.messages(LinkStore.Box.INBOX, Long.MAX_VALUE, 1).get(0);
    pair.us.tamper("DELETE FROM log_entries WHERE log = ?", LinkPair.cnToUs().text());
    assertThatThrownBy(() -> signedMessages().check(received))
        .isInstanceOf(TamperedRecordException.class);
    assertThat(pair.us.alarms.get(0).peer()).isEqualTo("cn");
    assertThat(pair.us.alarms.get(0).evidence()).doesNotContain("stored entry");
  }
}
