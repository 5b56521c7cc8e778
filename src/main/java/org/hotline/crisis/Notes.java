package org.hotline.crisis;

import java.util.List;
import java.util.Set;
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

  static void check(Change change, List<TimelineItem> timeline) {
    Args args = Args.of(change.entry().data(), Set.of("text", "supersedes"));
    args.text("text", TEXT_CHARS_MAX, TextPolicy.Lines.MULTI);
    if (args.has("supersedes")) {
      MessageId earlier = args.id("supersedes");
      boolean found =
          timeline.stream()
              .anyMatch(
                  item ->
                      item.id().equals(earlier)
                          && item.op().equals("note")
                          && item.outcome() != Outcome.REFUSED
                          && item.party().equals(change.party()));
      if (!found) {
        throw new Refused(
            "supersedes",
            "supersedes: " + earlier + " is not an earlier note of " + change.party() + " here");
      }
    }
  }
}
