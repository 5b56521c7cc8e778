package org.hotline.crisis;

import java.util.Map;
import java.util.Set;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.text.TextPolicy;

/**
 * A note shared with the peer, on any object: text, and optionally the earlier note of the same
 * party that it corrects ({@code supersedes}); the earlier one stays in the timeline.
 */
final class Notes {
  /** A note: 16 KiB of UTF-8 holds several pages. */
  static final int TEXT_CHARS_MAX = 16 * 1024;

  private Notes() {}

  /**
   * @param notes the notes not refused on the object so far, each with the party that shared it
   */
  static void check(Change change, Map<MessageId, PartyId> notes) {
    Args args = Args.of(change.entry().data(), Set.of("text", "supersedes"));
    args.text("text", TEXT_CHARS_MAX, TextPolicy.Lines.MULTI);
    if (args.has("supersedes")) {
      MessageId earlier = args.id("supersedes");
      if (!change.party().equals(notes.get(earlier))) {
        throw new Refused(
            "supersedes",
            "supersedes: " + earlier + " is not an earlier note of " + change.party() + " here");
      }
    }
  }
}
