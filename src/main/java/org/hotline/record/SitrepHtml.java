package org.hotline.record;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.text.CodePoints;

/**
 * Renders a {@link SituationReport} bundle as one readable HTML page, in English, and embeds the
 * SHA-256 of the bundle's bytes so that the page can be matched to the bundle it shows. Every value
 * from the bundle is outside text: marked as the console marks it (control and bidi characters
 * shown as marks), escaped, and isolated in {@code <bdi>} so right-to-left text cannot reorder the
 * page around it.
 */
public final class SitrepHtml {
  /** The element that carries the bundle's hash, for {@link #embeddedSha256}. */
  private static final Pattern EMBEDDED =
      Pattern.compile("<meta name=\"hotline-sitrep-sha256\" content=\"([0-9a-f]{64})\">");

  private SitrepHtml() {}

  /** The bundle hash a page embeds, or null if it embeds none. */
  public static String embeddedSha256(String html) {
    Matcher matcher = EMBEDDED.matcher(html);
    return matcher.find() ? matcher.group(1) : null;
  }

  public static void write(Map<String, Object> bundle, String sha256, Writer out)
      throws IOException {
    Map<String, Object> report = map(bundle.get("report"));
    Map<String, Object> incident = map(bundle.get("incident"));
    out.write(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"hotline-sitrep-sha256\" content=\""
            + sha256
            + "\"><title>Situation report</title><style>"
            + "body{font:15px/1.45 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#111}"
            + "table{border-collapse:collapse;width:100%;margin:.5rem 0 1.2rem}"
            + "th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}"
            + "th{background:#f3f4f6}.ok{color:#166534}.bad{color:#b91c1c;font-weight:700}"
            + "code{font-size:13px}</style></head><body>\n");
    out.write(
        "<h1>Situation report "
            + text(report.get("number"))
            + " ("
            + text(report.get("version"))
            + "): "
            + text(incident.get("title"))
            + "</h1>\n");
    out.write("<table>");
    row(out, "Report number", report.get("number"));
    row(out, "Version", report.get("version"));
    row(out, "Time of report", report.get("time_of_report"));
    row(out, "Prepared at", report.get("prepared_at"));
    row(out, "Prepared by", report.get("prepared_by"));
    row(out, "Authorized by", report.get("authorized_by"));
    row(out, "Next contact", report.get("next_contact"));
    row(out, "Parties", String.join(", ", strings(bundle.get("parties"))));
    row(out, "Record as of", bundle.get("as_of"));
    out.write("<tr><th>SHA-256 of the JSON bundle</th><td><code>" + sha256 + "</code></td></tr>");
    out.write("</table>\n<h2>Incident</h2>\n<table>");
    for (Map.Entry<String, Object> field : incident.entrySet()) {
      row(out, field.getKey(), field.getValue());
    }
    out.write("</table>\n<h2>Timeline</h2>\n");
    timeline(out, list(bundle.get("timeline")));
    out.write(
        "<h2>Messages</h2>\n<table><tr><th>Message</th><th>Sent</th><th>Subject</th>"
            + "<th>Precedence</th><th>Status</th><th>From → to</th><th>Answers</th>"
            + "<th>Log and proof</th></tr>");
    for (Object item : list(bundle.get("messages"))) {
      Map<String, Object> message = map(item);
      if (Boolean.TRUE.equals(message.get("missing"))) {
        out.write(
            "<tr><td>"
                + text(message.get("id"))
                + "</td><td colspan=\"7\" class=\"bad\">not held by this node</td></tr>");
        continue;
      }
      StringBuilder answers = new StringBuilder();
      for (Object answerItem : list(message.get("answers"))) {
        Map<String, Object> answer = map(answerItem);
        answers
            .append(text(answer.get("kind")))
            .append(" by ")
            .append(text(answer.get("by")))
            .append(" at ")
            .append(text(answer.get("at")))
            .append(" (")
            .append(place(answer))
            .append(")<br>");
      }
      out.write(
          "<tr><td>"
              + text(message.get("id"))
              + "</td><td>"
              + text(message.get("created"))
              + "</td><td>"
              + text(message.get("subject"))
              + "</td><td>"
              + text(message.get("precedence"))
              + "</td><td>"
              + text(message.get("status"))
              + "</td><td>"
              + text(message.get("from"))
              + " → "
              + text(message.get("to"))
              + "</td><td>"
              + (answers.isEmpty() ? "none" : answers)
              + "</td><td>"
              + place(message)
              + "</td></tr>");
    }
    out.write("</table>\n<h2>Commitments</h2>\n");
    for (Object item : list(bundle.get("commitments"))) {
      Map<String, Object> commitment = map(item);
      out.write(
          "<h3>"
              + text(commitment.get("what"))
              + (Boolean.TRUE.equals(commitment.get("overdue"))
                  ? " <span class=\"bad\">OVERDUE</span>"
                  : "")
              + "</h3>\n<table>");
      row(out, "State", commitment.get("state"));
      row(out, "Owed by", commitment.get("owed_by"));
      row(out, "Owed to", commitment.get("owed_to"));
      row(out, "Due", commitment.get("due"));
      row(out, "Id", commitment.get("id"));
      out.write("</table>\n");
      timeline(out, list(commitment.get("timeline")));
    }
    out.write(
        "<p>Proof status: RECEIPTED = the entry is in a checkpoint signed by its writer and cosigned"
            + " by its reader; SIGNED = signed by its writer, not yet receipted; NOT_YET = no signed"
            + " checkpoint covers it yet. Check the bundle with <code>hotline verify-sitrep</code>"
            + " and the two identity cards.</p>\n</body></html>\n");
  }

  private static void timeline(Writer out, List<?> items) throws IOException {
    out.write(
        "<table><tr><th>Time</th><th>Party</th><th>User</th><th>Operation</th><th>Arguments</th>"
            + "<th>Outcome</th><th>Log and proof</th></tr>");
    for (Object entry : items) {
      Map<String, Object> item = map(entry);
      out.write(
          "<tr><td>"
              + text(item.get("at"))
              + "</td><td>"
              + text(item.get("party"))
              + "</td><td>"
              + text(item.get("by"))
              + "</td><td>"
              + text(item.get("op"))
              + "</td><td>"
              + text(item.get("data"))
              + "</td><td>"
              + text(item.get("outcome"))
              + (item.get("reason") == null ? "" : ": " + text(item.get("reason")))
              + "</td><td>"
              + place(item)
              + "</td></tr>");
    }
    out.write("</table>\n");
  }

  /** Where an entry stands and what proves it. */
  private static String place(Map<String, Object> item) {
    Map<String, Object> proof = map(item.get("proof"));
    String status = String.valueOf(proof.get("status"));
    return text(item.get("log"))
        + " #"
        + text(item.get("seq"))
        + " · <span class=\""
        + (SituationReport.ProofStatus.NOT_YET.name().equals(status) ? "bad" : "ok")
        + "\">"
        + text(status)
        + "</span>";
  }

  private static void row(Writer out, String name, Object value) throws IOException {
    out.write("<tr><th>" + TranscriptHtml.escape(name) + "</th><td>" + text(value) + "</td></tr>");
  }

  /** A value from the bundle, as text: marked, escaped and isolated; "—" when absent. */
  private static String text(Object value) {
    if (value == null) {
      return "—";
    }
    return "<bdi>" + TranscriptHtml.escape(CodePoints.marked(String.valueOf(value))) + "</bdi>";
  }

  private static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked") // the bundle's objects are maps with string keys
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> items ? items : List.of();
  }
}
