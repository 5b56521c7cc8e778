package org.hotline.testing;

import java.time.Duration;
import org.hotline.app.Node;
import org.hotline.link.entry.ChangeEntry;

/** Two paired nodes ready for crisis changes: a change is signed only for a peer that reads it. */
public final class ChangeReaders {
  /** The link is up and its first exchange of capabilities done well within this. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ChangeReaders() {}

  /** Waits until each of {@code a} and {@code b} knows the other reads change entries. */
  public static void await(Node a, Node b) {
    Await.until(
        "both nodes know the other reads changes",
        TIMEOUT,
        () ->
            a.links().capabilities().of(b.home().party()).kinds().contains(ChangeEntry.KIND)
                && b.links()
                    .capabilities()
                    .of(a.home().party())
                    .kinds()
                    .contains(ChangeEntry.KIND));
  }
}
