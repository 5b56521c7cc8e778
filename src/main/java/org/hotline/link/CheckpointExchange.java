package org.hotline.link;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Frontier;
import org.hotline.transcript.NoteVerifier;
import org.hotline.transcript.SignedNote;
import org.hotline.transcript.TranscriptFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodically, each node shows its peer its view of both direction logs between them, and each
 * side checks the other's view against its own record. A different root for a size both hold, a
 * checkpoint the writer's key signed that its own record lacks, or a stored tree that no longer
 * gives the signed root, is a DIVERGENCE: someone's record was changed, or someone signed two
 * histories. It is raised as a security event on the side that finds it and reported back, so that
 * both sides raise it, with the two contradicting signed statements as evidence.
 *
 * <p>Thread-safe.
 */
public final class CheckpointExchange {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointExchange.class);

  /**
   * Characters of one divergence a peer reports in a request: its line and the two signed notes it
   * quotes, with room to spare. Stored evidence is capped anyway; this bounds the detail line.
   */
  public static final int REPORTED_CHARS_MAX = 3 * org.hotline.transcript.SignedNote.MAX_NOTE_BYTES;

  private final PartyId self;
  private final NoteVerifier selfKey;
  private final LinkStore store;
  private final Clock clock;
  private final Consumer<SecurityEvent> alarms;
  private final java.util.Map<Result, java.util.concurrent.atomic.AtomicLong> results =
      new java.util.EnumMap<>(Result.class);

  private volatile SignedMark mark = SignedMark.NONE;

  /** Raises {@code mark} before our own log's checkpoint is shown to a peer. */
  public void useMark(SignedMark mark) {
    this.mark = mark;
  }

  public CheckpointExchange(
      PartyId self,
      NoteVerifier selfKey,
      LinkStore store,
      Clock clock,
      Consumer<SecurityEvent> alarms) {
    this.self = self;
    this.selfKey = selfKey;
    this.store = store;
    this.clock = clock;
    this.alarms = alarms;
    for (Result result : Result.values()) {
      results.put(result, new java.util.concurrent.atomic.AtomicLong());
    }
  }

  /**
   * The result of one exchange: the answering side's views, what it found wrong, and the hash of
   * the shared objects at the sizes of its views (null when it did not show one).
   */
  public record Answer(List<CheckpointView> views, List<String> divergences, String stateHash) {
    public Answer(List<CheckpointView> views, List<String> divergences) {
      this(views, divergences, null);
    }
  }

  /**
   * The hash of the shared objects of the link with {@code peer} at the given sizes of its two logs
   * (docs/protocol.md §20.5): the crisis rules, which the link does not know.
   */
  @FunctionalInterface
  public interface StateHashes {
    String at(PartyId peer, long ourSize, long theirSize);
  }

  private volatile StateHashes stateHashes;
  private volatile java.util.function.Predicate<PartyId> comparesState = peer -> false;

  /**
   * Shows and compares the state hash of the shared objects in every exchange with a peer that
   * {@code compares} says reads it (the optional field {@code checkpoints.state_hash}, §11.3).
   */
  public void useStateHashes(StateHashes hashes, java.util.function.Predicate<PartyId> compares) {
    this.stateHashes = hashes;
    this.comparesState = compares;
  }

  /**
   * Our state hash at the sizes of {@code views}, or null when we do not compare it with the peer.
   */
  private String stateHash(Peer peer, List<CheckpointView> views) {
    StateHashes hashes = stateHashes;
    if (hashes == null || !comparesState.test(peer.id())) {
      return null;
    }
    return hashes.at(
        peer.id(),
        size(views, new LogOrigin(self, peer.id())),
        size(views, new LogOrigin(peer.id(), self)));
  }

  private static long size(List<CheckpointView> views, LogOrigin log) {
    return views.stream()
        .filter(view -> view.log().equals(log.text()))
        .mapToLong(CheckpointView::size)
        .findFirst()
        .orElse(0);
  }

  /**
   * The peer's state hash, shown with views of the sizes {@code views} name, against ours at the
   * same sizes: null if they agree or we do not hold that much of both logs (the peer is ahead of
   * us), else the divergence.
   */
  String checkStateHash(Peer peer, List<CheckpointView> views, String theirHash) {
    StateHashes hashes = stateHashes;
    if (theirHash == null || hashes == null) {
      return null;
    }
    LogOrigin ours = new LogOrigin(self, peer.id());
    LogOrigin theirs = ours.reversed();
    long ourSize = size(views, ours);
    long theirSize = size(views, theirs);
    if (store.logHead(ours).map(LinkStore.LogHead::size).orElse(0L) < ourSize
        || store.logHead(theirs).map(LinkStore.LogHead::size).orElse(0L) < theirSize) {
      return null;
    }
    String mine = hashes.at(peer.id(), ourSize, theirSize);
    if (mine.equals(theirHash)) {
      return null;
    }
    return "shared objects: "
        + peer.id()
        + " and this node compute different states at "
        + ours
        + " size "
        + ourSize
        + ", "
        + theirs
        + " size "
        + theirSize
        + "\n--- state hash shown by "
        + peer.id()
        + ": "
        + clip(theirHash)
        + "\n--- computed here: "
        + mine;
  }

  private static String clip(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }

  /**
   * Our views of both logs with {@code peer}; checks our own tree against our own checkpoints
   * first.
   */
  public List<CheckpointView> views(Peer peer, List<String> problems) {
    List<CheckpointView> views = new ArrayList<>();
    for (LogOrigin log : List.of(new LogOrigin(self, peer.id()), new LogOrigin(peer.id(), self))) {
      LinkStore.LogHead head = store.logHead(log).orElse(LinkStore.LogHead.EMPTY);
      if (head.size() == 0) {
        continue;
      }
      Optional<String> note = store.checkpoint(log, head.size());
      if (note.isEmpty()) {
        OptionalLong beyond = store.nextCheckpointSize(log, head.size());
        problems.add(
            beyond.isPresent()
                ? log
                    + ": the log holds "
                    + head.size()
                    + " entries but a checkpoint for size "
                    + beyond.getAsLong()
                    + " is stored\n"
                    + store.checkpoint(log, beyond.getAsLong()).orElse("")
                : log + ": no checkpoint is stored for the log's own size " + head.size());
        continue;
      }
      Checkpoint checkpoint;
      try {
        checkpoint = Checkpoint.parse(SignedNote.parse(note.get()).text());
      } catch (TranscriptFormatException e) {
        problems.add(
            log
                + ": the stored checkpoint for the log's own size "
                + head.size()
                + " is malformed: "
                + e.getMessage()
                + "\n"
                + note.get());
        continue;
      }
      byte[] root;
      try {
        root = Frontier.decode(head.size(), head.frontier()).root();
      } catch (TranscriptFormatException e) {
        problems.add(
            log + ": the stored tree of size " + head.size() + " is malformed: " + e.getMessage());
        continue;
      }
      if (!Arrays.equals(root, checkpoint.root())) {
        problems.add(
            log
                + ": the stored tree of size "
                + head.size()
                + " does not give the root of the stored checkpoint for that size\n"
                + note.get());
      }
      if (log.writer().equals(self)) {
        mark.publish(log, head.size());
      }
      views.add(new CheckpointView(log.text(), head.size(), note.get()));
    }
    return views;
  }

  /** Checks a peer's views against our record; returns what diverges (empty if all agree). */
  public List<String> check(Peer peer, List<CheckpointView> views) {
    List<String> divergences = new ArrayList<>();
    for (CheckpointView view : views) {
      String problem = checkOne(peer, view);
      if (problem != null) {
        divergences.add(problem);
      }
    }
    return divergences;
  }

  private String checkOne(Peer peer, CheckpointView view) {
    LogOrigin log;
    SignedNote note;
    Checkpoint checkpoint;
    try {
      log = LogOrigin.parse(view.log());
      note = SignedNote.parse(view.checkpoint());
      checkpoint = Checkpoint.parse(note.text());
    } catch (RuntimeException e) {
      return view.log() + ": " + peer.id() + " showed a malformed checkpoint: " + e.getMessage();
    }
    boolean ours = log.writer().equals(self) && log.reader().equals(peer.id());
    boolean theirs = log.writer().equals(peer.id()) && log.reader().equals(self);
    if (!ours && !theirs) {
      return view.log() + ": " + peer.id() + " showed a log that is not between us";
    }
    NoteVerifier writerKey = ours ? selfKey : peer.card().verifier();
    if (!checkpoint.origin().equals(log.text())
        || checkpoint.size() != view.size()
        || !note.verifiedBy(writerKey)) {
      return view.log()
          + ": "
          + peer.id()
          + " showed a checkpoint for size "
          + view.size()
          + " that is not signed by "
          + log.writer();
    }
    return compareWithOurs(peer, view, log, checkpoint, ours);
  }

  /**
   * A checkpoint the peer showed, signed by its log's writer, against our record of that log: null
   * if they agree, else the divergence.
   */
  private String compareWithOurs(
      Peer peer, CheckpointView view, LogOrigin log, Checkpoint checkpoint, boolean ours) {
    LinkStore.LogHead head = store.logHead(log).orElse(LinkStore.LogHead.EMPTY);
    Optional<String> stored = store.checkpoint(log, checkpoint.size());
    if (stored.isPresent()) {
      Checkpoint mine;
      try {
        mine = Checkpoint.parse(SignedNote.parse(stored.get()).text());
      } catch (TranscriptFormatException e) {
        return view.log()
            + ": our stored checkpoint for size "
            + checkpoint.size()
            + " is malformed";
      }
      if (!mine.equals(checkpoint)) {
        return view.log()
            + ": two different signed checkpoints for size "
            + checkpoint.size()
            + "\n--- shown by "
            + peer.id()
            + ":\n"
            + view.checkpoint()
            + "--- stored here:\n"
            + stored.get();
      }
      return null;
    }
    if (head.size() >= checkpoint.size()) {
      return view.log()
          + ": "
          + peer.id()
          + " holds a checkpoint signed by "
          + log.writer()
          + " for size "
          + checkpoint.size()
          + " that our record of "
          + head.size()
          + " entries lacks\n"
          + view.checkpoint();
    }
    if (ours && !mark.allowsSigning(log, head.size())) {
      OptionalLong published = mark.get(log);
      if (published.isEmpty() || checkpoint.size() <= published.getAsLong()) {
        // This node knows its record is behind what it signed (restored from a backup): it signs
        // nothing until it recovers from the peer, and has said so (signing-halted). A size
        // beyond what it ever published is still a divergence.
        return null;
      }
    }
    if (ours) {
      return view.log()
          + ": "
          + peer.id()
          + " holds our signature for size "
          + checkpoint.size()
          + " but we have written only "
          + head.size()
          + " entries\n"
          + view.checkpoint();
    }
    return null;
  }

  /**
   * A peer reports at most one divergence per log about its own record and one per view it was
   * shown; more in one answer or request is noise, not evidence.
   */
  public static final int REPORTED_DIVERGENCES_MAX = 4;

  /**
   * Raises one divergence as a security event, unless the same one is already among the recent
   * events.
   */
  public void raise(Peer peer, String detail, boolean reportedByPeer) {
    String text = (reportedByPeer ? peer.id() + " reports: " : "") + firstLine(detail);
    SecurityEvent event =
        new SecurityEvent(
            clock.instant(), peer.id().value(), SecurityEvent.Kind.DIVERGENCE, text, detail);
    if (Alarms.record(store, event)) {
      SecurityEvent.logFields(event)
          .log(() -> LOG.error("SECURITY DIVERGENCE with {}: {}", peer.id(), text));
      alarms.accept(event);
    }
  }

  /**
   * Answers a peer's exchange request: raises what the peer reports it found (in its own record or
   * in our views), checks its views and shows ours.
   */
  public Answer answer(Peer peer, List<CheckpointView> theirViews, List<String> reported) {
    return answer(peer, theirViews, reported, null);
  }

  /**
   * {@link #answer}, with the caller's state hash at the sizes of its views (null: it showed none);
   * the answer shows ours only to a caller that showed one.
   */
  public Answer answer(
      Peer peer, List<CheckpointView> theirViews, List<String> reported, String theirStateHash) {
    reported.forEach(d -> raise(peer, d, true));
    List<String> divergences = new ArrayList<>();
    List<CheckpointView> ours = views(peer, divergences);
    divergences.addAll(check(peer, theirViews));
    String state = checkStateHash(peer, theirViews, theirStateHash);
    if (state != null) {
      divergences.add(state);
    }
    divergences.forEach(d -> raise(peer, d, false));
    return new Answer(ours, divergences, theirStateHash == null ? null : stateHash(peer, ours));
  }

  /**
   * Runs one exchange with {@code peer} over {@code transport}; returns every divergence found on
   * either side. What we find in our own record goes to the peer with our views; what we find in
   * the peer's views goes to it in a second request, made only when there is something to report,
   * so that both sides raise every divergence whichever side started the exchange.
   */
  public List<String> exchange(Peer peer, PeerTransport transport) {
    try {
      List<String> divergences = exchangeOnce(peer, transport);
      results.get(divergences.isEmpty() ? Result.AGREED : Result.DIVERGED).incrementAndGet();
      return divergences;
    } catch (RuntimeException e) {
      results.get(Result.FAILED).incrementAndGet();
      throw e;
    }
  }

  /**
   * How the exchanges this node started ended: both views agreed, a divergence was found (by either
   * side), or the exchange did not complete (the peer did not answer, or refused).
   */
  public enum Result {
    AGREED,
    DIVERGED,
    FAILED
  }

  /** Exchanges this node started since it started that ended with {@code result}. */
  public long exchanges(Result result) {
    return results.get(result).get();
  }

  private List<String> exchangeOnce(Peer peer, PeerTransport transport) {
    List<String> local = new ArrayList<>();
    List<CheckpointView> ours = views(peer, local);
    Answer answer = transport.exchange(peer, ours, bounded(local), stateHash(peer, ours));
    List<String> inTheirViews = new ArrayList<>(check(peer, answer.views()));
    String state = checkStateHash(peer, answer.views(), answer.stateHash());
    if (state != null) {
      inTheirViews.add(state);
    }
    local.addAll(inTheirViews);
    local.forEach(d -> raise(peer, d, false));
    answer.divergences().stream()
        .limit(REPORTED_DIVERGENCES_MAX)
        .forEach(d -> raise(peer, d, true));
    if (!inTheirViews.isEmpty()) {
      transport.exchange(peer, ours, bounded(inTheirViews));
    }
    List<String> all = new ArrayList<>(local);
    all.addAll(answer.divergences());
    return all;
  }

  private static List<String> bounded(List<String> divergences) {
    return divergences.stream()
        .limit(REPORTED_DIVERGENCES_MAX)
        .map(d -> d.length() > REPORTED_CHARS_MAX ? d.substring(0, REPORTED_CHARS_MAX) : d)
        .toList();
  }

  static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
