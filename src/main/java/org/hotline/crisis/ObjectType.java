package org.hotline.crisis;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of shared object a link carries, each named on the wire by the first part of a change's
 * {@code object} ({@code incident/0193…}), and each created by one operation.
 */
public enum ObjectType {
  INCIDENT("open"),
  COMMITMENT("propose"),
  CONCERN("raise"),
  /** Named by a word, created by no change: see {@link Channel}. */
  CHANNEL(null),
  /** Named by the message it translates, created by no change: see {@link Translation}. */
  TRANSLATION(null);

  private final String createOp;

  ObjectType(String createOp) {
    this.createOp = createOp;
  }

  /**
   * The operation that creates an object of this type; its change's id is the object's id. Null for
   * a channel or a translation, which no change creates.
   */
  public String createOp() {
    return createOp;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ObjectType> ofWire(String wire) {
    for (ObjectType type : values()) {
      if (type.wire().equals(wire)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
