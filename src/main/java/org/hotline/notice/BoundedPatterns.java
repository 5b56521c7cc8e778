package org.hotline.notice;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The validator's {@code pattern} keyword on java.util.regex with a bound on its work: the value is
 * read through a {@link CharSequence} that counts the characters the matcher reads and stops it
 * after {@link TemplateLimits#PATTERN_STEPS_MAX}, so a pattern that backtracks catastrophically
 * (ReDoS) on a hostile value refuses that value instead of holding a thread. A value that made a
 * pattern give up fails the pattern, and {@link #recording} names it for the problem's message.
 * Thread-safe: the record of values given up on is per thread, opened and closed by {@link
 * #recording}.
 */
final class BoundedPatterns implements RegularExpressionFactory {
  static final BoundedPatterns INSTANCE = new BoundedPatterns();

  private static final ThreadLocal<List<String>> GAVE_UP = new ThreadLocal<>();

  /**
   * The steps left to one check, shared by every pattern it runs: bounding each value alone would
   * let a notification of thousands of short patterned values take thousands of times the bound.
   */
  private static final ThreadLocal<long[]> BUDGET = new ThreadLocal<>();

  private BoundedPatterns() {}

  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern = Pattern.compile(regex);
    return value -> matches(pattern, value);
  }

  /**
   * Whether {@code pattern} matches somewhere in {@code value} (JSON Schema patterns are not
   * anchored), false when it gave up.
   */
  static boolean matches(Pattern pattern, String value) {
    try {
      long[] budget = BUDGET.get();
      return pattern
          .matcher(new CountingSequence(value, budget == null ? new long[] {0} : budget))
          .find();
    } catch (StepsExhausted e) {
      List<String> record = GAVE_UP.get();
      if (record != null) {
        record.add(value);
      }
      return false;
    }
  }

  /**
   * Runs {@code check}, its patterns sharing one budget of {@link TemplateLimits#PATTERN_STEPS_MAX}
   * steps, and returns the values any pattern gave up on meanwhile, on this thread.
   */
  static List<String> recording(Runnable check) {
    List<String> record = new ArrayList<>();
    GAVE_UP.set(record);
    BUDGET.set(new long[] {0});
    try {
      check.run();
    } finally {
      GAVE_UP.remove();
      BUDGET.remove();
    }
    return record;
  }

  private static final class StepsExhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepsExhausted() {
      super(null, null, false, false);
    }
  }

  /** A string whose reads are counted against one budget shared with its sub-sequences. */
  private static final class CountingSequence implements CharSequence {
    private final String text;
    private final long[] steps;

    CountingSequence(String text, long[] steps) {
      this.text = text;
      this.steps = steps;
    }

    @Override
    public char charAt(int index) {
      if (++steps[0] > TemplateLimits.PATTERN_STEPS_MAX) {
        throw new StepsExhausted();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new CountingSequence(text.substring(start, end), steps);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
