package org.hotline;

/**
 * A message may not go out on the channel it names: the peer has suspended the channel for its
 * receiving side, the channel does not allow the message's precedence, or the link has no such
 * channel (docs/crisis.md, channels). The rest of the link keeps working. Immutable.
 */
public final class ChannelRefusedException extends HotlineException {
  private static final long serialVersionUID = 1L;

  /** Why the channel refuses the message. */
  public enum Why {
    /** The peer suspended the channel for its receiving side; {@link #reason()} is its reason. */
    SUSPENDED,
    /** The channel's agreed settings do not allow the message's precedence. */
    PRECEDENCE_NOT_ALLOWED,
    /** The link has no channel of that name. */
    UNKNOWN_CHANNEL
  }

  private final String channel;
  private final Why why;
  private final String reason;

  /**
   * @param channel the channel's name
   * @param why why it refuses
   * @param reason the peer's reason for a suspension, or a sentence saying what is allowed
   * @param message the one line shown to the person who sent it
   */
  public ChannelRefusedException(String channel, Why why, String reason, String message) {
    super(message);
    this.channel = channel;
    this.why = why;
    this.reason = reason;
  }

  public String channel() {
    return channel;
  }

  public Why why() {
    return why;
  }

  public String reason() {
    return reason;
  }

  @Override
  public String type() {
    return "channel-refused";
  }
}
