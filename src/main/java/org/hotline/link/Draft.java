package org.hotline.link;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.hotline.InvalidInputException;
import org.hotline.identity.PartyId;

/**
 * A message as a person or program submits it, before it has an id or a place in a log. The
 * constructor enforces every limit, so a {@code Draft} that exists is one the outbox can accept.
 */
public record Draft(
    PartyId to,
    Precedence precedence,
    StatusFlag status,
    String subject,
    String body,
    String language,
    MessageId inReplyTo) {

  /** A subject is a one-line summary shown in lists; 200 characters fit a wide console row. */
  public static final int SUBJECT_LENGTH_MAX = 200;

  /**
   * 64 KiB of UTF-8 holds some twenty pages of text; larger attachments are out of scope, and the
   * bound keeps a federation batch of {@code Dispatcher.BATCH_ENTRIES_MAX} entries under 20 MiB.
   */
  public static final int BODY_BYTES_MAX = 64 * 1024;

  /** BCP 47 language tag, e.g. {@code en}, {@code zh-Hans}. */
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");

  public static final String LANGUAGE_DEFAULT = "en";

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
    if (subject.chars().anyMatch(c -> c == '\n' || c == '\r')) {
      throw new InvalidInputException("subject", "subject must be a single line");
    }
    if (body == null) {
      throw new InvalidInputException("body", "body is required (it may be empty)");
    }
    int bodyBytes = body.getBytes(StandardCharsets.UTF_8).length;
    if (bodyBytes > BODY_BYTES_MAX) {
      throw new InvalidInputException(
          "body", "body is " + bodyBytes + " bytes of UTF-8, the limit is " + BODY_BYTES_MAX);
    }
    language = language == null ? LANGUAGE_DEFAULT : language;
    if (!LANGUAGE.matcher(language).matches()) {
      throw new InvalidInputException(
          "language", "language must be a BCP 47 tag such as 'en' or 'zh-Hans'");
    }
  }
}
