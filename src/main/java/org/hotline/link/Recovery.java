package org.hotline.link;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.DeadlineMissedEntry;
import org.hotline.link.entry.Entry;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.LinkTestEntry;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.RecoveryEntry;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.SignedNote;
import org.hotline.transcript.TranscriptFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers this node's own log to a peer from the peer's copy of it (docs/operations.md, "Recovery
 * from the peer"; docs/protocol.md §11.8), on a node that does not run: restored from a backup
 * older than its last batch, its database lacks entries that it signed and the peer stored.
 *
 * <ol>
 *   <li>The peer states what it holds in a signed answer: its latest receipt, our checkpoint for
 *       that size with its cosignature; both signatures must verify.
 *   <li>Page by page, each page one of the batches the peer stored, the entries after what we hold
 *       are checked against our own signed checkpoint for the page's end (the tree of what we hold
 *       plus the page must give its root) and the peer's cosignature on it, then stored in one
 *       durable transaction as our own sequencer would have stored them: entries, tree, checkpoint,
 *       receipt, and the messages, answers and statements they hold. Anything that does not verify
 *       is refused and put on record ({@link SecurityEvent.Kind#BAD_RECOVERY}); nothing of that
 *       page is stored.
 *   <li>Positions signed beyond what the peer holds (a batch in flight when the database was lost)
 *       are declared void by a signed {@link RecoveryEntry}, the first entry after the recovered
 *       ones, before anything new is sequenced; the high-water mark ({@link SignedMark}) then
 *       stands at it and signing resumes.
 *   <li>What our database lacks of the peer's log to us is fetched again, up to what we had
 *       receipted, and stored as the receiver stores a pushed batch ({@link #refetchMirror}).
 * </ol>
 *
 * <p>Not thread-safe: one recovery at a time, on a node that is not running.
 */
public final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  /**
   * Positions a node may have signed beyond the peer's receipt, when its mark is unknown: at most
   * {@link BatchLimits#WINDOW_MAX} batches in flight of at most {@link BatchLimits#ENTRIES_MAX}
   * entries, and one more batch sequenced for a pulling peer (protocol.md §11.5, §13).
   */
  public static final long UNRECEIPTED_MAX =
      (long) (BatchLimits.WINDOW_MAX + 1) * BatchLimits.ENTRIES_MAX;

  /** Evidence kept of a refused page: its answer, cut to this many characters. */
  private static final int EVIDENCE_CHARS_MAX = 256 * 1024;

  private final PartyId self;
  private final NoteSigner signer;
  private final LinkStore store;
  private final PeerDirectory peers;
  private final PeerTransport transport;
  private final SignedMark mark;

  /** Checks and stores a batch of the peer's log as the receiver does a pushed one. */
  private final java.util.function.BiConsumer<Peer, Batch> receiver;

  private final AckDeadlines deadlines;
  private final Clock clock;
  private final RandomGenerator random;

  public Recovery(
      PartyId self,
      NoteSigner signer,
      LinkStore store,
      PeerDirectory peers,
      PeerTransport transport,
      SignedMark mark,
      java.util.function.BiConsumer<Peer, Batch> receiver,
      AckDeadlines deadlines,
      Clock clock,
      RandomGenerator random) {
    this.self = self;
    this.signer = signer;
    this.store = store;
    this.peers = peers;
    this.transport = transport;
    this.mark = mark;
    this.receiver = receiver;
    this.deadlines = deadlines;
    this.clock = clock;
    this.random = random;
  }

  /**
   * What a recovery did. {@code restored}: entries of the log the database held before; {@code
   * peerHeld}: what the peer holds, as it signed; {@code recovered}: entries fetched and stored;
   * {@code recoverySeq}: where the recovery entry stands; {@code signedUpTo}: the highest position
   * that may have been signed before (by the mark, or bounded by {@link #UNRECEIPTED_MAX} when the
   * mark was unknown, {@code markKnown} false); positions {@code recoverySeq..signedUpTo} as signed
   * before are void.
   */
  public record Result(
      PartyId peer,
      String log,
      long restored,
      long peerHeld,
      long recovered,
      long mirrored,
      long recoverySeq,
      long signedUpTo,
      boolean markKnown) {}

  /** Recovers our log to {@code peerId}; throws {@link ConflictException} when refused. */
  public Result recover(PartyId peerId) {
    Peer peer =
        peers
            .peer(peerId)
            .orElseThrow(
                () -> new InvalidInputException("from-peer", "no peer " + peerId + " is paired"));
    LogOrigin log = new LogOrigin(self, peer.id());
    PeerCapabilities capabilities =
        transport
            .capabilities(peer)
            .filter(c -> c.kinds().contains(EntryCodec.KIND_RECOVERY))
            .orElseThrow(
                () ->
                    new ConflictException(
                        peer.id()
                            + "'s node does not read recovery entries (it predates them):"
                            + " it must be upgraded before this node can recover from it"));
    int format =
        capabilities
            .highestCommonFormat(PeerCapabilities.OWN.formats())
            .orElse(EntryCodec.FORMAT_1);
    LinkStore.LogHead head = store.logHead(log).orElse(LinkStore.LogHead.EMPTY);
    long restored = head.size();
    RecoveryPage page = transport.recoveryPage(peer, log.text(), head.size());
    long peerHeld = page.size();
    String held = page.checkpoint();
    checkHeld(peer, log, page);
    while (head.size() < peerHeld) {
      if (page.size() != peerHeld || !java.util.Objects.equals(page.checkpoint(), held)) {
        throw refuse(
            peer,
            log,
            "changed what it holds during the recovery, from "
                + peerHeld
                + " to "
                + page.size()
                + " entries",
            page);
      }
      if (page.firstSeq() == null || page.entries().isEmpty()) {
        throw refuse(
            peer,
            log,
            "signed that it holds " + peerHeld + " entries but served none after " + head.size(),
            page);
      }
      head = storePage(peer, log, head, page);
      if (head.size() < peerHeld) {
        page = transport.recoveryPage(peer, log.text(), head.size());
      }
    }
    OptionalLong known = mark.get(log);
    if (head.size() > peerHeld) {
      checkPrefix(peer, log, head, page);
    }
    // Our own log needs a recovery entry unless nothing was missing: the mark is known, not ahead
    // of what we hold, and nothing was fetched.
    boolean ownLogLacked =
        head.size() != restored || known.isEmpty() || known.getAsLong() > head.size();
    long recoverySeq = 0;
    long signedUpTo = head.size();
    if (ownLogLacked) {
      RecoveryEntry earlier = cutShort(log, head, peerHeld, known);
      if (earlier != null) {
        mark.reset(log, head.size());
        LOG.warn(
            "{}: the recovery entry at {} was already signed; its mark is set", log, head.size());
        recoverySeq = head.size();
        signedUpTo = earlier.signedUpTo();
      } else {
        signedUpTo =
            known.isPresent()
                ? Math.max(known.getAsLong(), head.size())
                : Math.max(head.size(), peerHeld + UNRECEIPTED_MAX);
        recoverySeq = signRecoveryEntry(log, head, restored, signedUpTo, format);
        mark.reset(log, recoverySeq);
      }
    }
    // Our log is safe now (a failure from here leaves the node able to sign); the peer's comes
    // next.
    long mirrored = refetchMirror(peer);
    if (!ownLogLacked && mirrored == 0) {
      throw new ConflictException(
          "nothing to recover: this node holds "
              + head.size()
              + " entries of "
              + log
              + ", all it has published ("
              + known.getAsLong()
              + "), and all it had received of "
              + peer.id()
              + "'s log; "
              + peer.id()
              + " holds "
              + peerHeld
              + " of ours");
    }
    Result result =
        new Result(
            peer.id(),
            log.text(),
            restored,
            peerHeld,
            Math.max(0, head.size() - restored),
            mirrored,
            recoverySeq,
            signedUpTo,
            known.isPresent());
    LOG.warn(
        "recovered {} from {}: the database held {} entries, {} recovered, {} of {}'s log fetched"
            + " again, recovery entry at {}",
        log,
        peer.id(),
        restored,
        result.recovered(),
        mirrored,
        peer.id(),
        recoverySeq);
    return result;
  }

  /** Signs the recovery entry after {@code head}, in one durable transaction; returns its place. */
  private long signRecoveryEntry(
      LogOrigin log, LinkStore.LogHead head, long restored, long signedUpTo, int format) {
    long seq = head.size() + 1;
    Instant now = clock.instant();
    RecoveryEntry entry =
        new RecoveryEntry(log, seq, MessageId.generate(now, random), now, restored, signedUpTo);
    byte[] bytes = EntryCodec.signable(entry, format);
    store.write(
        writes -> {
          LogAppender appender = new LogAppender(head);
          byte[] leaf = appender.append(bytes);
          Checkpoint checkpoint = new Checkpoint(log.text(), appender.size(), appender.root());
          writes.appendEntries(
              log, List.of(new LinkStore.StoredEntry(seq, bytes, leaf, entry.id())));
          writes.putTreeNodes(log, appender.completedNodes());
          writes.putLogHead(log, appender.head(head.receiptedSize()));
          writes.putCheckpoint(
              log, appender.size(), SignedNote.sign(checkpoint.body(), signer).encode());
          return null;
        });
    return seq;
  }

  /**
   * This node holds more of its log than the peer: entries it signed that never reached the peer (a
   * peer that was down, a pulling peer). What the peer holds must be a prefix of our record.
   */
  private void checkPrefix(Peer peer, LogOrigin log, LinkStore.LogHead head, RecoveryPage page) {
    if (page.size() == 0) {
      return;
    }
    String ours = store.checkpoint(log, page.size()).orElse(null);
    String theirs;
    try {
      theirs = SignedNote.parse(page.checkpoint()).text();
    } catch (TranscriptFormatException e) {
      throw refuse(peer, log, "served a malformed receipt: " + e.getMessage(), page);
    }
    if (ours == null || !SignedNote.parse(ours).text().equals(theirs)) {
      throw refuse(
          peer,
          log,
          "holds our checkpoint for size "
              + page.size()
              + ", which this node's record of "
              + head.size()
              + " entries "
              + (ours == null ? "lacks" : "contradicts"),
          page);
    }
  }

  /**
   * The recovery entry that ends our record, if an earlier recovery was cut short before its mark
   * was reset: the peer does not hold it, and the mark, known, is still within what it declared
   * void (so nothing was published after it). Otherwise null, and a new recovery entry is signed
   * (with the mark unknown, that costs one entry and is always safe).
   */
  private RecoveryEntry cutShort(
      LogOrigin log, LinkStore.LogHead head, long peerHeld, OptionalLong known) {
    if (head.size() <= peerHeld || known.isEmpty()) {
      return null;
    }
    Entry last =
        decodeOwn(log, head.size(), store.entries(log, head.size(), head.size()).get(0).bytes());
    if (last instanceof RecoveryEntry earlier && known.getAsLong() <= earlier.signedUpTo()) {
      return earlier;
    }
    return null;
  }

  /**
   * Fetches again what our database lacks of the peer's log to us, up to what we had receipted, and
   * stores it as the receiver stores a pushed batch (its signature, the tree, each entry): our
   * answers recovered from our own log then meet the messages they answer, and the peer's answers
   * the messages we recovered, before the node runs again. Returns how many entries were stored.
   *
   * <p>The peer states what we had receipted with its checkpoint and <em>our</em> cosignature,
   * which must verify: that bounds what it may serve. A first pass reads every page and checks
   * that, added to the tree we hold, they give that checkpoint's root; only then a second pass
   * stores them, each page checked to be the one read in the first pass. So a peer cannot make this
   * node store, and cosign, a history other than the one it had cosigned.
   */
  private long refetchMirror(Peer peer) {
    LogOrigin mirror = new LogOrigin(peer.id(), self);
    LinkStore.LogHead held = store.logHead(mirror).orElse(LinkStore.LogHead.EMPTY);
    RecoveryPage first = transport.recoveryPage(peer, mirror.text(), held.size());
    long size = first.size();
    if (size <= held.size()) {
      return 0;
    }
    Checkpoint receipted = receiptedByUs(peer, mirror, first);
    LogAppender appender = new LogAppender(held);
    List<byte[]> leaves = new ArrayList<>();
    RecoveryPage page = first;
    long at = held.size();
    while (at < size) {
      checkMirrorPage(peer, mirror, page, at, size);
      for (byte[] entry : page.entries()) {
        leaves.add(appender.append(entry));
      }
      at = page.end();
      if (at < size) {
        page = transport.recoveryPage(peer, mirror.text(), at);
      }
    }
    if (at != size || !Arrays.equals(appender.root(), receipted.root())) {
      throw refuse(
          peer,
          mirror,
          "served entries of its log up to "
              + at
              + " that do not give the root of its checkpoint for size "
              + size
              + " that this node cosigned",
          page);
    }
    at = held.size();
    while (at < size) {
      page = transport.recoveryPage(peer, mirror.text(), at);
      checkMirrorPage(peer, mirror, page, at, size);
      for (int i = 0; i < page.entries().size(); i++) {
        byte[] leaf = org.hotline.transcript.MerkleHash.leaf(page.entries().get(i));
        if (!Arrays.equals(leaf, leaves.get((int) (at - held.size()) + i))) {
          throw refuse(
              peer, mirror, "served a different entry " + (at + 1 + i) + " when asked again", page);
        }
      }
      try {
        receiver.accept(
            peer, new Batch(mirror.text(), page.firstSeq(), page.entries(), page.receipt()));
      } catch (BatchRefusedException e) {
        throw refuse(
            peer, mirror, "served its own log, which this node refuses: " + e.getMessage(), page);
      }
      at = page.end();
    }
    return size - held.size();
  }

  private void checkMirrorPage(Peer peer, LogOrigin mirror, RecoveryPage page, long at, long size) {
    if (page.size() != size
        || page.firstSeq() == null
        || page.firstSeq() != at + 1
        || page.entries().isEmpty()
        || page.entries().size() > BatchLimits.ENTRIES_MAX
        || page.end() > size
        || page.receipt() == null) {
      throw refuse(
          peer, mirror, "served its own log out of order after " + at + " of " + size, page);
    }
  }

  /**
   * The checkpoint of the peer's log for {@code page.size()}, as the peer signed it and this node
   * cosigned it: what we had receipted.
   */
  private Checkpoint receiptedByUs(Peer peer, LogOrigin mirror, RecoveryPage page) {
    SignedNote note;
    Checkpoint checkpoint;
    try {
      note = SignedNote.parse(page.checkpoint());
      checkpoint = Checkpoint.parse(note.text());
    } catch (TranscriptFormatException | NullPointerException e) {
      throw refuse(
          peer, mirror, "stated what we receipted of its log without a valid receipt", page);
    }
    boolean signedByPeer = note.verifiedBy(peer.card().verifier());
    boolean cosignedByUs = false;
    for (SignedNote.NoteSignature signature : note.signatures()) {
      if (signature.keyName().equals(signer.keyName())
          && Cosignature.verify(checkpoint, signature, signer.verifier())) {
        cosignedByUs = true;
      }
    }
    if (!checkpoint.origin().equals(mirror.text())
        || checkpoint.size() != page.size()
        || !signedByPeer
        || !cosignedByUs) {
      throw refuse(
          peer,
          mirror,
          "stated that this node receipted "
              + page.size()
              + " entries of its log with a receipt this node did not cosign",
          page);
    }
    return checkpoint;
  }

  /** The peer's statement of what it holds: our checkpoint for that size, with its cosignature. */
  private void checkHeld(Peer peer, LogOrigin log, RecoveryPage page) {
    if (!log.text().equals(page.log())) {
      throw refuse(peer, log, "answered for log " + page.log(), page);
    }
    if (page.size() == 0) {
      if (page.checkpoint() != null) {
        throw refuse(peer, log, "holds nothing but shows a receipt", page);
      }
      return;
    }
    if (page.checkpoint() == null) {
      throw refuse(peer, log, "holds " + page.size() + " entries but shows no receipt", page);
    }
    verified(peer, log, page.checkpoint(), page.size(), page);
  }

  /**
   * {@code cosigned} is our signed checkpoint of {@code log} for {@code size} with the peer's valid
   * cosignature; returns the checkpoint and our note as our sequencer stored it.
   */
  private Signed verified(Peer peer, LogOrigin log, String cosigned, long size, RecoveryPage page) {
    SignedNote note;
    Checkpoint checkpoint;
    try {
      note = SignedNote.parse(cosigned);
      checkpoint = Checkpoint.parse(note.text());
    } catch (TranscriptFormatException e) {
      throw refuse(peer, log, "served a malformed receipt: " + e.getMessage(), page);
    }
    if (!checkpoint.origin().equals(log.text()) || checkpoint.size() != size) {
      throw refuse(
          peer,
          log,
          "served a receipt for "
              + checkpoint.origin()
              + " size "
              + checkpoint.size()
              + " where size "
              + size
              + " was due",
          page);
    }
    SignedNote.NoteSignature ours = null;
    boolean cosignedByPeer = false;
    String peerKey = IdentityCard.signingKeyName(peer.id());
    for (SignedNote.NoteSignature signature : note.signatures()) {
      if (signature.keyName().equals(signer.keyName())
          && new SignedNote(note.text(), List.of(signature)).verifiedBy(signer.verifier())) {
        ours = signature;
      } else if (signature.keyName().equals(peerKey)
          && Cosignature.verify(checkpoint, signature, peer.card().verifier())) {
        cosignedByPeer = true;
      }
    }
    if (ours == null) {
      throw refuse(
          peer, log, "served a checkpoint for size " + size + " that this node did not sign", page);
    }
    if (!cosignedByPeer) {
      throw refuse(
          peer, log, "served a receipt for size " + size + " without its valid cosignature", page);
    }
    return new Signed(checkpoint, new SignedNote(note.text(), List.of(ours)).encode());
  }

  private record Signed(Checkpoint checkpoint, String ourNote) {}

  /** Checks one page against our signature and the tree, then stores it as our own batch. */
  private LinkStore.LogHead storePage(
      Peer peer, LogOrigin log, LinkStore.LogHead head, RecoveryPage page) {
    if (page.firstSeq() != head.size() + 1) {
      throw refuse(
          peer,
          log,
          "served entries from " + page.firstSeq() + " where " + (head.size() + 1) + " was asked",
          page);
    }
    if (page.entries().size() > BatchLimits.ENTRIES_MAX || page.receipt() == null) {
      throw refuse(peer, log, "served a page that is not one stored batch", page);
    }
    Signed signed = verified(peer, log, page.receipt(), page.end(), page);
    LogAppender appender = new LogAppender(head);
    List<LinkStore.StoredEntry> stored = new ArrayList<>(page.entries().size());
    List<Entry> entries = new ArrayList<>(page.entries().size());
    long seq = head.size();
    for (byte[] bytes : page.entries()) {
      seq++;
      byte[] leaf = appender.append(bytes);
      Entry entry = decodeOwn(log, seq, bytes);
      entries.add(entry);
      stored.add(new LinkStore.StoredEntry(seq, bytes, leaf, entry == null ? null : entry.id()));
    }
    if (!Arrays.equals(appender.root(), signed.checkpoint().root())) {
      throw refuse(
          peer,
          log,
          "served entries "
              + page.firstSeq()
              + ".."
              + page.end()
              + " that do not give the root of our checkpoint for size "
              + page.end(),
          page);
    }
    Set<MessageId> ids = new HashSet<>();
    entries.stream().filter(e -> e != null).forEach(e -> ids.add(e.id()));
    Set<MessageId> existing = store.existingEntryIds(ids);
    Instant now = clock.instant();
    String receipt = page.receipt();
    long end = page.end();
    store.write(
        writes -> {
          for (Entry entry : entries) {
            if (entry != null && !existing.contains(entry.id())) {
              apply(writes, peer, entry);
            }
          }
          writes.dequeueIds(ids);
          writes.appendEntries(log, stored);
          writes.putTreeNodes(log, appender.completedNodes());
          writes.putLogHead(log, appender.head(end));
          writes.putCheckpoint(log, end, signed.ourNote());
          writes.markSequenced(log, stored.stream().filter(s -> s.entryId() != null).toList(), now);
          writes.putReceipt(log, end, receipt, now);
          return null;
        });
    return new LinkStore.LogHead(end, appender.head(end).frontier(), end);
  }

  /** Our own entry at {@code seq} of {@code log}, or null if it does not read as one. */
  private static Entry decodeOwn(LogOrigin log, long seq, byte[] bytes) {
    try {
      Entry entry = EntryCodec.decode(bytes, log);
      return entry.log().equals(log) && entry.seq() == seq ? entry : null;
    } catch (RuntimeException e) {
      LOG.warn("entry {} of {} recovered does not read as an entry: stored as bytes", seq, log);
      return null;
    }
  }

  /** Stores what one of our entries that the database lacked says, as when it was written. */
  private void apply(LinkStore.Writes writes, Peer peer, Entry entry) {
    switch (entry) {
      case MessageEntry message -> {
        Map<MessageId, Instant> deadline = new java.util.HashMap<>();
        Instant due =
            deadlines.dueAt(
                message.to(),
                message.draft().channel(),
                message.draft().precedence(),
                message.created());
        if (due != null) {
          deadline.put(message.id(), due);
        }
        writes.insertOutgoing(
            List.of(
                new LinkStore.OutgoingMessage(
                    message.id(), self, message.created(), message.draft(), message.seen())),
            message.created(),
            deadline);
      }
      case ResponseEntry response ->
          writes.insertResponse(LinkStore.ResponseRecord.of(response, false, null, null));
      case DeadlineMissedEntry miss ->
          writes.insertDeadlineMiss(
              new LinkStore.DeadlineMissRecord(
                  miss.id(), miss.message(), miss.deadline(), miss.created(), false, null, null));
      case LinkTestEntry test -> writes.putLinkTest(peer.id(), test.number(), test.created());
      case RecoveryEntry ignored -> {}
      case org.hotline.link.entry.ChangeEntry change ->
          writes.insertChanges(peer.id(), false, List.of(change));
    }
  }

  /** Puts a refused answer on record and returns the exception that ends the recovery. */
  private ConflictException refuse(Peer peer, LogOrigin log, String what, RecoveryPage page) {
    String detail = peer.id() + " " + what + " (recovery of " + log + ")";
    StringBuilder evidence =
        new StringBuilder()
            .append("log: ")
            .append(page.log())
            .append("\nsize: ")
            .append(page.size())
            .append("\ncheckpoint:\n")
            .append(page.checkpoint())
            .append("\nfirst_seq: ")
            .append(page.firstSeq())
            .append("\nreceipt:\n")
            .append(page.receipt());
    Base64.Encoder base64 = Base64.getEncoder();
    for (byte[] entry : page.entries()) {
      if (evidence.length() > EVIDENCE_CHARS_MAX) {
        break;
      }
      evidence.append("\nentry: ").append(base64.encodeToString(entry));
    }
    String text =
        evidence.length() > EVIDENCE_CHARS_MAX
            ? evidence.substring(0, EVIDENCE_CHARS_MAX)
            : evidence.toString();
    SecurityEvent event =
        new SecurityEvent(
            clock.instant(), peer.id().value(), SecurityEvent.Kind.BAD_RECOVERY, detail, text);
    SecurityEvent.logFields(event)
        .log(
            () ->
                LOG.error(
                    "SECURITY {} {}: {}", SecurityEvent.Kind.BAD_RECOVERY, peer.id(), detail));
    store.write(
        writes -> {
          writes.putSecurityEvent(event);
          return null;
        });
    return new ConflictException("recovery refused: " + detail);
  }
}
