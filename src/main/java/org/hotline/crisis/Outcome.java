package org.hotline.crisis;

/**
 * What a change did to its object, the same on both nodes (docs/protocol.md §20.4). Part of the
 * object's state, and so of its hash.
 */
public enum Outcome {
  /** Valid where its author stood, and applied as it says. */
  APPLIED,
  /**
   * Valid where its author stood, but a concurrent change of the other party had moved the object
   * first: the cautious outcome decided (re-open beats close, withdraw beats agree).
   */
  CROSSED,
  /**
   * Not valid where its author stood: its author's node should never have signed it. Kept as
   * evidence, changes nothing, raised as a security event.
   */
  REFUSED;

  /** The word on the wire and in the state: {@code applied}, {@code crossed}, {@code refused}. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
