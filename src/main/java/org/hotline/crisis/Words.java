package org.hotline.crisis;

import java.util.regex.Pattern;

/** Names that changes carry: channels. */
final class Words {
  /** A channel's name: a short lower-case word, as in {@code leaders}, {@code consular}. */
  static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private Words() {}

  static String channel(Args args, String name) {
    String channel = args.text(name, 32, org.hotline.text.TextPolicy.Lines.ONE);
    if (!CHANNEL.matcher(channel).matches()) {
      throw new Refused(name, name + ": a channel is a lower-case word of up to 32 characters");
    }
    return channel;
  }
}
