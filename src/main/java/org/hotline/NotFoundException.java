package org.hotline;

/** The named thing (a message, a peer) does not exist on this node. */
public final class NotFoundException extends HotlineException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "not-found";
  }
}
