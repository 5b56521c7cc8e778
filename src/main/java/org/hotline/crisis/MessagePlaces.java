package org.hotline.crisis;

import java.util.Optional;
import org.hotline.identity.LogOrigin;
import org.hotline.link.entry.MessageId;

/**
 * Where the messages of a link stand in its logs: what the fold needs to judge a translation
 * (docs/protocol.md §20.10), which must name a message its author had received, or written. A pure
 * function of the logs: the node answers from its stored messages, a verifier from the signed
 * message entries it read, so that both fold the same.
 */
@FunctionalInterface
public interface MessagePlaces {
  /** A message's place: the direction log that holds it ({@code hotline/<author>/<reader>}). */
  record Place(LogOrigin log, long seq) {}

  /** The place of message {@code id}, if it is placed in a log; empty for any other id. */
  Optional<Place> of(MessageId id);

  /** The places of the messages {@code store} holds: placed ones only, sent or received. */
  static MessagePlaces of(org.hotline.link.LinkStore store) {
    return id ->
        store
            .message(id)
            .filter(message -> message.seq() > 0)
            .map(message -> new Place(new LogOrigin(message.from(), message.to()), message.seq()));
  }

  /** No messages: a link whose messages are not at hand refuses every translation. */
  MessagePlaces NONE = id -> Optional.empty();
}
