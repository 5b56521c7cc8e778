package org.hotline.notice;

import java.util.Set;

/**
 * Every bound a template and a notification's values must keep (docs/notifications.md, "Limits"),
 * each with its reason. A template that breaks one is refused when it is read; values that break
 * one are a {@link FieldProblem} with the rule {@link #RULE}.
 */
public final class TemplateLimits {
  /**
   * The rule a {@link FieldProblem} names when one of these limits, not a schema keyword, failed.
   */
  public static final String RULE = "limit";

  /** The dialect every template declares in {@code $schema}; no other is read. */
  public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

  /**
   * A template's canonical text travels as one string argument of an adoption change, which holds
   * at most this many characters ({@code ChangeEntry.STRING_CHARS_MAX}).
   */
  public static final int CANONICAL_CHARS_MAX = 16 * 1024;

  /**
   * The text given to {@link Template#parse}, before it is read: room for indentation around a
   * canonical form of {@link #CANONICAL_CHARS_MAX}, and a bound on the parser's work.
   */
  public static final int TEXT_CHARS_MAX = 64 * 1024;

  /**
   * Fields in all, counting those of an array's objects: a form a duty officer fills in at once.
   */
  public static final int FIELDS_MAX = 64;

  /** A string field's {@code maxLength} at most: one page of free text, and one change argument. */
  public static final int STRING_CHARS_MAX = 16 * 1024;

  /** An array field's {@code maxItems} at most: a list a person reads, not a data feed. */
  public static final int ARRAY_ITEMS_MAX = 100;

  /** Values of one enumeration: a select a person reads, each with a label in both languages. */
  public static final int ENUM_VALUES_MAX = 256;

  /**
   * A {@code pattern}'s characters: a pattern checks a shape (a position, a code), not a grammar.
   */
  public static final int PATTERN_CHARS_MAX = 256;

  /**
   * Steps (characters read) the patterns of one check may take together before they give up and the
   * values left are refused: a linear match of every patterned value a template allows (at most
   * {@link #SHAPED_CHARS_MAX} characters each) takes a small multiple of their length, a
   * catastrophic backtrack takes millions; some milliseconds of one thread at most.
   */
  public static final long PATTERN_STEPS_MAX = 4_000_000;

  /**
   * The maxLength of a string with a {@code pattern} or a {@code format}: such a string is a shape
   * (a position, a code, a date), and java.util.regex recurses about once per character matched by
   * a repeated group, so a short string keeps every match shallow and every format quick.
   */
  public static final int SHAPED_CHARS_MAX = 256;

  /** {@code $defs} entries: shared shapes such as a position, a handful per template. */
  public static final int DEFINITIONS_MAX = 32;

  /** A label or a title in one language: a line on a form. */
  public static final int LABEL_CHARS_MAX = 200;

  /** Help text in one language: a sentence or two under a field. */
  public static final int HELP_CHARS_MAX = 1_000;

  /** A unit ({@code m}, {@code kn}, {@code kg}): a symbol, not a sentence. */
  public static final int UNIT_CHARS_MAX = 32;

  /** A template's version at most: room for every revision, within a Java {@code int}. */
  public static final int VERSION_MAX = 1_000_000;

  /**
   * Integers, in a template or a value, lie within ±(2^53 − 1): RFC 8785 writes numbers as IEEE 754
   * doubles, which hold no larger integer exactly.
   */
  public static final long INTEGER_MAGNITUDE_MAX = 9_007_199_254_740_991L;

  /**
   * A notification's values as UTF-8 bytes: the message body they become, with room for every field
   * of a full template.
   */
  public static final int VALUES_BYTES_MAX = 64 * 1024;

  /** Template ids: a lower-case word, as it appears in entries, file names and URLs. */
  public static final String ID_PATTERN = "[a-z][a-z0-9-]{0,63}";

  /** The languages of every label, title, help text and enumeration label. */
  public static final Set<String> LANGUAGES = Set.of("en", "zh");

  /**
   * The formats a string field may name, each asserted when values are checked: instants and dates
   * (RFC 3339), durations (ISO 8601), addresses and identifiers.
   */
  public static final Set<String> FORMATS =
      Set.of("date-time", "date", "time", "duration", "email", "uuid");

  private TemplateLimits() {}
}
