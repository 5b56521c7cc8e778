package org.hotline.link;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.Entry;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.MerkleProofs;
import org.hotline.transcript.NodeSource;
import org.hotline.transcript.NoteVerifier;
import org.hotline.transcript.SignedNote;
import org.hotline.transcript.TranscriptFormatException;

/**
 * The proof for one message, as a transparency log gives it: the exact signed entry, its RFC 9162
 * inclusion proof, and the checkpoint it leads to, signed by the writer and, once delivered,
 * cosigned by the reader (the receipt). The node checks the proof itself before serving it, from
 * the stored entry bytes up to the signed root, so an edited record is reported, never shown as
 * proved. Thread-safe.
 */
public final class Proofs {
  private final LinkStore store;
  private final Function<PartyId, NoteVerifier> keys;

  public Proofs(LinkStore store, Function<PartyId, NoteVerifier> keys) {
    this.store = store;
    this.keys = keys;
  }

  /**
   * An entry of a direction log with the inclusion proof that ties it to a signed checkpoint.
   *
   * @param checkpoint the receipt (checkpoint with the reader's cosignature) covering the entry, or
   *     the writer's signed checkpoint while no receipt covers it yet
   * @param receipted whether {@code checkpoint} carries the reader's cosignature
   * @param verified whether the entry, proof and signatures check out against the stored record
   * @param problem why not, when not verified
   */
  @SuppressWarnings(
      "ArrayRecordComponent") // a response value, read once by the API; never compared
  public record EntryProof(
      MessageId id,
      String log,
      long seq,
      byte[] entry,
      byte[] leafHash,
      long size,
      List<byte[]> inclusionProof,
      String checkpoint,
      boolean receipted,
      boolean verified,
      String problem) {}

  /** The proof for {@code message}, or empty while it has no place in its log yet. */
  public Optional<EntryProof> proof(MessageRecord message) {
    if (message.seq() == 0) {
      return Optional.empty();
    }
    LogOrigin log = new LogOrigin(message.from(), message.to());
    long seq = message.seq();
    List<LinkStore.StoredEntry> stored = store.entries(log, seq, seq);
    if (stored.isEmpty()) {
      return Optional.of(failed(message, log, null, null, 0, "the log holds no entry at " + seq));
    }
    byte[] bytes = stored.get(0).bytes();
    byte[] leaf = MerkleHash.leaf(bytes);
    Optional<LinkStore.Receipt> receipt = store.receiptCovering(log, seq);
    String note;
    long size;
    if (receipt.isPresent()) {
      note = receipt.get().cosignedNote();
      size = receipt.get().size();
    } else {
      var next = store.nextCheckpointSize(log, seq - 1);
      if (next.isEmpty()) {
        return Optional.of(
            failed(message, log, bytes, leaf, 0, "no signed checkpoint covers entry " + seq));
      }
      size = next.getAsLong();
      note = store.checkpoint(log, size).orElseThrow();
    }
    List<byte[]> proof;
    try {
      proof = MerkleProofs.inclusionProof(seq - 1, size, storedTree(store, log));
    } catch (RuntimeException e) {
      return Optional.of(
          failed(
              message,
              log,
              bytes,
              leaf,
              size,
              "the stored tree cannot give a proof: " + e.getMessage()));
    }
    String problem = check(message, log, seq, bytes, leaf, size, proof, note, receipt.isPresent());
    return Optional.of(
        new EntryProof(
            message.id(),
            log.text(),
            seq,
            bytes,
            leaf,
            size,
            proof,
            note,
            receipt.isPresent(),
            problem == null,
            problem));
  }

  /**
   * The stored tree of {@code log} as a proof source: leaf hashes and the subtrees {@link
   * LogAppender} keeps, every other node rebuilt from them. For inclusion and consistency proofs up
   * to the log's stored size.
   */
  public static NodeSource storedTree(LinkStore store, LogOrigin log) {
    return NodeSource.strided(
        LogAppender.STORED_LEVEL_STRIDE, (level, index) -> store.storedNode(log, level, index));
  }

  private String check(
      MessageRecord message,
      LogOrigin log,
      long seq,
      byte[] bytes,
      byte[] leaf,
      long size,
      List<byte[]> proof,
      String note,
      boolean receipted) {
    SignedNote signed;
    Checkpoint checkpoint;
    try {
      signed = SignedNote.parse(note);
      checkpoint = Checkpoint.parse(signed.text());
    } catch (TranscriptFormatException e) {
      return "the stored checkpoint is malformed: " + e.getMessage();
    }
    NoteVerifier writer = keys.apply(log.writer());
    NoteVerifier reader = keys.apply(log.reader());
    if (writer == null || !signed.verifiedBy(writer)) {
      return "the checkpoint is not signed by " + log.writer();
    }
    if (receipted
        && (reader == null
            || signed.signatures().stream()
                .noneMatch(
                    s ->
                        s.keyName().equals(reader.keyName())
                            && org.hotline.transcript.Cosignature.verify(checkpoint, s, reader)))) {
      return "the receipt has no valid cosignature by " + log.reader();
    }
    if (checkpoint.size() != size || !checkpoint.origin().equals(log.text())) {
      return "the checkpoint is for " + checkpoint.origin() + " size " + checkpoint.size();
    }
    if (!MerkleProofs.verifyInclusion(seq - 1, size, leaf, proof, checkpoint.root())) {
      return "entry " + seq + " as stored does not lead to the signed root of size " + size;
    }
    try {
      Entry entry = EntryCodec.decode(bytes);
      if (!(entry instanceof MessageEntry signedMessage)) {
        return "entry " + seq + " is not a message";
      }
      List<String> differences = message.differencesFrom(signedMessage);
      if (!differences.isEmpty()) {
        return "the message as stored for display differs from the signed entry "
            + seq
            + " in "
            + String.join(", ", differences);
      }
    } catch (InvalidInputException e) {
      // Its bytes are the ones signed (the proof above), and the peer, too, recorded it as
      // uninterpretable: a message this node signed before its reader refused such text. The row
      // is the only readable copy; the message view says the peer could not read it.
      return store.uninterpretable(log, seq).isPresent()
          ? null
          : "entry " + seq + " does not decode: " + e.getMessage();
    }
    return null;
  }

  private static EntryProof failed(
      MessageRecord message, LogOrigin log, byte[] bytes, byte[] leaf, long size, String problem) {
    return new EntryProof(
        message.id(),
        log.text(),
        message.seq(),
        bytes,
        leaf,
        size,
        List.of(),
        null,
        false,
        false,
        problem);
  }
}
