package org.hotline.crisis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.MessageId;

/**
 * Two parties' direction logs in memory, for the rules alone: each party places its changes in its
 * own log (with other entries between them, as messages would be), and receives the other's log
 * entry by entry when the test says. A change is checked as a node checks it before signing, unless
 * the test makes it on purpose without checking (a hostile or broken writer). What the two nodes
 * hold is exactly what their stores would list.
 */
final class LinkSimulation {
  static final PartyId US = PartyId.of("us");
  static final PartyId CN = PartyId.of("cn");

  /** One party's side: its log, and how much of the other's it has received. */
  final class Side implements RandomChanges.Party {
    final PartyId party;
    final List<ChangeEntry> log = new ArrayList<>();
    long size;
    long received;

    Side(PartyId party) {
      this.party = party;
    }

    Side other() {
      return this == us ? cn : us;
    }

    LogOrigin ours() {
      return new LogOrigin(party, other().party);
    }

    /** What this node's store lists: its own changes, then the other's received so far. */
    List<LinkStore.ChangeRecord> records() {
      List<LinkStore.ChangeRecord> records = new ArrayList<>();
      for (int i = 0; i < log.size(); i++) {
        records.add(new LinkStore.ChangeRecord(log.get(i), false, i + 1L));
      }
      List<ChangeEntry> theirs = other().log;
      for (int i = 0; i < theirs.size() && theirs.get(i).seq() <= received; i++) {
        records.add(new LinkStore.ChangeRecord(theirs.get(i), true, i + 1L));
      }
      return records;
    }

    @Override
    public SharedState state() {
      return SharedState.asOf(new Parties(party, other().party), records(), size, received, places);
    }

    /**
     * Makes a change as a node does: checked against everything it holds, then placed. Returns the
     * entry, or throws what the node would answer.
     */
    @Override
    public ChangeEntry change(String object, String op, Map<String, Object> data) {
      ChangeEntry candidate = candidate(object, op, data);
      SharedState.withQueued(new Parties(party, other().party), records(), size, received, places)
          .admit(candidate);
      return place(candidate);
    }

    /** Places a change without checking it: what a broken or hostile writer could sign. */
    @Override
    public ChangeEntry changeUnchecked(String object, String op, Map<String, Object> data) {
      return place(candidate(object, op, data));
    }

    /** Creates an object: its id is the change's own. */
    @Override
    public ChangeEntry create(String type, String op, Map<String, Object> data) {
      MessageId id = nextId();
      ChangeEntry candidate =
          new ChangeEntry(
              ours(),
              0,
              id,
              now,
              type + "/" + id,
              op,
              received,
              "officer " + party,
              new java.util.TreeMap<>(data));
      SharedState.withQueued(new Parties(party, other().party), records(), size, received, places)
          .admit(candidate);
      return place(candidate);
    }

    /** Creates an object without checking: for fixtures of many changes, which are valid. */
    ChangeEntry createUnchecked(String type, String op, Map<String, Object> data) {
      MessageId id = nextId();
      return place(
          new ChangeEntry(
              ours(),
              0,
              id,
              now,
              type + "/" + id,
              op,
              received,
              "officer " + party,
              new java.util.TreeMap<>(data)));
    }

    private ChangeEntry candidate(String object, String op, Map<String, Object> data) {
      return new ChangeEntry(
          ours(),
          0,
          nextId(),
          now,
          object,
          op,
          received,
          "officer " + party,
          new java.util.TreeMap<>(data));
    }

    private ChangeEntry place(ChangeEntry candidate) {
      if (random.nextInt(3) == 0) {
        size++; // another entry (a message, an answer) before it
      }
      ChangeEntry placed = (ChangeEntry) candidate.withSeq(++size);
      log.add(placed);
      now = now.plus(Duration.ofMinutes(1));
      return placed;
    }

    /** Sends a message: places it in this party's log; returns its id. */
    MessageId send() {
      MessageId id = nextId();
      messages.put(id, new MessagePlaces.Place(ours(), ++size));
      now = now.plus(Duration.ofMinutes(1));
      return id;
    }

    /** Any id: the rules do not ask whether the message exists. */
    @Override
    public MessageId message() {
      return nextId();
    }

    @Override
    public Instant now() {
      return now;
    }

    /** Receives the next entry of the other party's log, if there is one. */
    boolean receiveOne() {
      if (received < other().size) {
        received++;
        return true;
      }
      return false;
    }

    void receiveAll() {
      received = other().size;
    }
  }

  final Side us = new Side(US);
  final Side cn = new Side(CN);
  final SplittableRandom random;

  /** The messages either party sent, where they stand: what a node's store would answer. */
  final Map<MessageId, MessagePlaces.Place> messages = new java.util.HashMap<>();

  final MessagePlaces places = id -> java.util.Optional.ofNullable(messages.get(id));
  Instant now = Instant.parse("2026-12-07T09:00:00Z");
  private long ids;

  LinkSimulation(long seed) {
    random = new SplittableRandom(seed);
  }

  MessageId nextId() {
    ids++;
    long millis = now.toEpochMilli();
    UUID uuid = new UUID((millis << 16) | 0x7000L | (ids & 0xfff), 0x8000_0000_0000_0000L | ids);
    return MessageId.parse(uuid.toString());
  }
}
