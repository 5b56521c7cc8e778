package org.hotline.crisis;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A note this node's people keep on a shared object for themselves: it never leaves the node (no
 * entry, no log, no state hash, no report). {@code object} is the object's name ({@code
 * incident/<id>}), {@code at} this node's clock when it was written, {@code supersedes} the earlier
 * internal note on the same object that it corrects.
 */
public record InternalNote(
    UUID id, String object, String author, String text, Instant at, Optional<UUID> supersedes) {}
