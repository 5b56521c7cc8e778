package org.hotline.link.entry;

import java.util.regex.Pattern;
import org.hotline.InvalidInputException;
import org.hotline.identity.PartyId;

/**
 * A message as a person or program submits it, before it has an id or a place in a log. The
 * constructor enforces every limit, so a {@code Draft} that exists is one the outbox can accept.
 *
 * @param template the template of a formatted notification (entry format 4), whose body is then the
 *     canonical JSON of its field values and whose subject the template's id; null for a plain
 *     message
 */
public record Draft(
    PartyId to,
    Precedence precedence,
    StatusFlag status,
    String subject,
    String body,
    String language,
    MessageId inReplyTo,
    String channel,
    TemplateRef template) {

  /** A subject is a one-line summary shown in lists; 200 characters fit a wide console row. */
  public static final int SUBJECT_LENGTH_MAX = 200;

  /**
   * 64 KiB of UTF-8 holds some twenty pages of text; larger attachments are out of scope, and the
   * bound keeps a federation batch of {@code BatchLimits.ENTRIES_MAX} entries under 20 MiB.
   */
  public static final int BODY_BYTES_MAX = 64 * 1024;

  /** BCP 47 language tag, e.g. {@code en}, {@code zh-Hans}. */
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");

  public static final String LANGUAGE_DEFAULT = "en";

  /** The channel of a message that names none, and of every message written before format 3. */
  public static final String CHANNEL_DEFAULT = "general";

  /**
   * The channels every link has without any agreement (docs/crisis.md, channels), in the order a
   * form lists them.
   */
  public static final java.util.List<String> CHANNELS_DEFAULT =
      java.util.List.of("leaders", "military", "consular", "notifications", CHANNEL_DEFAULT);

  /**
   * A channel's name: a lower-case word of up to 32 characters, short enough for a list column and
   * free of anything a log line or a URL would need to escape.
   */
  private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /** A draft on the {@link #CHANNEL_DEFAULT} channel: what every message was before channels. */
  public Draft(
      PartyId to,
      Precedence precedence,
      StatusFlag status,
      String subject,
      String body,
      String language,
      MessageId inReplyTo) {
    this(to, precedence, status, subject, body, language, inReplyTo, CHANNEL_DEFAULT);
  }

  /** A plain message (no template) on {@code channel}. */
  public Draft(
      PartyId to,
      Precedence precedence,
      StatusFlag status,
      String subject,
      String body,
      String language,
      MessageId inReplyTo,
      String channel) {
    this(to, precedence, status, subject, body, language, inReplyTo, channel, null);
  }

  /**
   * This draft in {@code language} (null: the default), everything else kept: a formatted
   * notification's free text is in the language its sender wrote it in, which the template's check
   * does not know.
   */
  public Draft withLanguage(String language) {
    return new Draft(to, precedence, status, subject, body, language, inReplyTo, channel, template);
  }

  /** Whether {@code name} is a channel's name as a message may carry it. */
  public static boolean isChannelName(String name) {
    return name != null && CHANNEL.matcher(name).matches();
  }

  public Draft {
    if (to == null) {
      throw new InvalidInputException("to", "recipient party 'to' is required");
    }
    if (precedence == null) {
      throw new InvalidInputException(
          "precedence", "precedence is required: FLASH, IMMEDIATE, PRIORITY or ROUTINE");
    }
    status = status == null ? StatusFlag.ACTUAL : status;
    if (subject == null || subject.isBlank()) {
      throw new InvalidInputException("subject", "subject is required");
    }
    if (subject.length() > SUBJECT_LENGTH_MAX) {
      throw new InvalidInputException(
          "subject",
          "subject is " + subject.length() + " characters, the limit is " + SUBJECT_LENGTH_MAX);
    }
    if (subject.indexOf('\n') >= 0 || subject.indexOf('\r') >= 0) {
      throw new InvalidInputException("subject", "subject must be a single line");
    }
    if (body == null) {
      throw new InvalidInputException("body", "body is required (it may be empty)");
    }
    // A char is at most 3 bytes of UTF-8: most bodies are within the limit without counting.
    long bodyBytes = (long) body.length() * 3 <= BODY_BYTES_MAX ? 0 : utf8Length(body);
    if (bodyBytes > BODY_BYTES_MAX) {
      throw new InvalidInputException(
          "body", "body is " + bodyBytes + " bytes of UTF-8, the limit is " + BODY_BYTES_MAX);
    }
    language = language == null ? LANGUAGE_DEFAULT : language;
    if (!language.equals(LANGUAGE_DEFAULT) && !LANGUAGE.matcher(language).matches()) {
      throw new InvalidInputException(
          "language", "language must be a BCP 47 tag such as 'en' or 'zh-Hans'");
    }
    channel = channel == null ? CHANNEL_DEFAULT : channel;
    if (!isChannelName(channel)) {
      throw new InvalidInputException(
          "channel",
          "channel must be a lower-case word of up to 32 characters, such as 'general' or"
              + " 'consular'");
    }
  }

  /** This draft on {@code newChannel}. */
  public Draft onChannel(String newChannel) {
    return new Draft(
        to, precedence, status, subject, body, language, inReplyTo, newChannel, template);
  }

  /**
   * Whether this draft is a formatted notification: its body holds the canonical values of the
   * fields of {@link #template} (docs/notifications.md), its subject the template's id.
   */
  public boolean formatted() {
    return template != null;
  }

  /**
   * This draft as it may go onto the record: its subject and body admitted by the {@link
   * org.hotline.text.TextPolicy} (CR LF in the body made LF). Throws {@link InvalidInputException}
   * naming the field and the position of the first character the policy refuses.
   */
  public Draft admitted() {
    String admittedSubject =
        org.hotline.text.TextPolicy.admit(
            "subject", subject, org.hotline.text.TextPolicy.Lines.ONE);
    String admittedBody =
        org.hotline.text.TextPolicy.admit("body", body, org.hotline.text.TextPolicy.Lines.MULTI);
    return admittedBody.equals(body)
        ? this
        : new Draft(
            to,
            precedence,
            status,
            admittedSubject,
            admittedBody,
            language,
            inReplyTo,
            channel,
            template);
  }

  /**
   * The length of {@code text} in UTF-8, without encoding it (unpaired surrogates count as '?').
   */
  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes += 1;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
