package org.hotline.record;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a finding names an entry: at its sequence number, as the checkpoint of that size, or in a
 * range of entries that holds it. A range is the best a verifier can say when entries are not
 * signed one by one and nothing else pins the change down (an export carries no leaf hashes).
 */
final class Named {
  private static final Pattern RANGE = Pattern.compile("entries (\\d+)\\.\\.(\\d+)");

  private Named() {}

  static boolean entry(Finding finding, String log, long seq) {
    if (!finding.log().equals(log)) {
      return false;
    }
    if (finding.seq() == seq || finding.reason().matches("(?s).*\\bsize " + seq + "\\b.*")) {
      return true;
    }
    Matcher range = RANGE.matcher(finding.reason());
    while (range.find()) {
      if (Long.parseLong(range.group(1)) <= seq && seq <= Long.parseLong(range.group(2))) {
        return true;
      }
    }
    return false;
  }
}
