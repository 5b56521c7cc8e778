package org.hotline;

/**
 * A formatted notification names a template its recipient has not adopted on the channel (docs/
 * crisis.md §6a): its reader would not know the form, so it is not sent. Nothing is stored.
 * Immutable.
 */
public final class TemplateNotAdoptedException extends HotlineException {
  private static final long serialVersionUID = 1L;

  private final String template;
  private final Integer version;
  private final String channel;

  /**
   * @param template the template's id
   * @param version the version asked for, null when the newest adopted was asked for
   * @param channel the channel's name
   */
  public TemplateNotAdoptedException(
      String template, Integer version, String channel, String message) {
    super(message);
    this.template = template;
    this.version = version;
    this.channel = channel;
  }

  public String template() {
    return template;
  }

  public Integer version() {
    return version;
  }

  public String channel() {
    return channel;
  }

  @Override
  public String type() {
    return "template-not-adopted";
  }
}
